import FlourishAPI
import FlourishRouting
import Foundation
import Testing

@Suite struct ComplexityGraderTests {
    let grader: ComplexityGrader

    init() throws {
        grader = ComplexityGrader(classifier: try TierClassifier.bundled())
    }

    private func grade(_ messages: [(String, String)], extra: String = "") throws -> TierGrade {
        let list = messages.map { role, content in
            let escaped = content.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                of: "\n", with: "\\n")
            return #"{"role":"\#(role)","content":"\#(escaped)"}"#
        }.joined(separator: ",")
        return grader.grade(
            try ChatRequest(bytes: Array(#"{"auto_routing":true,"messages":[\#(list)]\#(extra)}"#.utf8)))
    }

    @Test(arguments: [
        "Hi!", "What is John 3:16?", "Translate 'good morning' into Spanish.", "Thanks, that helps.",
        "Who was Augustine of Hippo?",
    ])
    func simpleAsksAreTier1(text: String) throws {
        #expect(try grade([("user", text)]).tier == .tier1)
    }

    @Test(arguments: [
        "Prove that there are infinitely many primes, step by step, and compare Euclid's proof with Euler's.",
        "Design the architecture of a multi-tenant billing service and analyze the trade-offs of each option in depth.",
        "My brother died by suicide last month and I feel responsible. How do I grieve, and where is God in this?",
        "Write a detailed exegesis of Romans 9 comparing Reformed and Arminian readings of election.",
    ])
    func hardAsksAreTier3(text: String) throws {
        #expect(try grade([("user", text)]).tier == .tier3)
    }

    @Test func aLongTrivialPasteIsNotTier3() throws {
        let teams = ["welcome", "worship", "youth", "kids", "outreach"]
        let notes = (0..<60).map {
            "- Item \($0): the \(teams[$0 % 5]) team meets on Tuesday at 7pm in the church hall."
        }
        let grade = try grade([("user", notes.joined(separator: "\n") + "\n\nWhat day does the youth team meet?")])
        #expect(grade.tier == .tier1)
    }

    @Test func aShortHardQuestionIsAboveTier1() throws {
        #expect(try grade([("user", "Derive the integral of x^2 e^x and prove it.")]).tier != .tier1)
    }

    @Test func conversationSignalsTheTextCannotShowRaiseAnEasyGrade() throws {
        let image =
            #"[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"https://example.org/a.png"}}]"#
        let request = try ChatRequest(
            bytes: Array(#"{"auto_routing":true,"messages":[{"role":"user","content":\#(image)}]}"#.utf8))
        let grade = grader.grade(request)
        #expect(grade.tier != .tier1)
        #expect(grade.evidence.contains("images"))
    }

    @Test func confidenceIsTheCalibratedProbability() throws {
        let grade = try grade([("user", "Hi!")])
        #expect((1.0 / 3...1).contains(grade.confidence))
    }
}
