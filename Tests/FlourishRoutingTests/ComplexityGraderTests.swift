import FlourishAPI
import FlourishRouting
import Foundation
import Testing

@Suite struct ComplexityGraderTests {
    let grader = ComplexityGrader()

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
        let paste = String(repeating: "The meeting is on Tuesday at the church hall. ", count: 300)
        #expect(try grade([("user", paste + "\nWhat day is the meeting?")]).tier != .tier3)
    }

    @Test func aShortHardQuestionIsAboveTier1() throws {
        #expect(try grade([("user", "Derive the integral of x^2 e^x and prove it.")]).tier != .tier1)
    }

    @Test func confidenceIsLowNearABoundaryAndHighFarFromIt() {
        #expect(ComplexityGraderTests.confidence(at: 0.9) == 0.5)
        #expect(ComplexityGraderTests.confidence(at: 0) > 0.8)
        #expect(ComplexityGraderTests.confidence(at: 6) > 0.9)
    }

    private static func confidence(at score: Double) -> Double {
        ComplexityGrader.confidence(for: score)
    }
}
