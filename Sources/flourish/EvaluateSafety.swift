import ArgumentParser
import FlourishAPI
import FlourishValues
import Foundation

struct EvaluateSafety: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-safety",
        abstract: "Print the safety screen's precision and recall per category and its false-positive rate.",
        discussion: """
            Each line of the file: {"id", "stage": "input"|"output", "labels": [category…], "text"}; no labels \
            means benign. Items whose id hashes to 0 mod 3 (FNV-1a) are the held-out test split; the rules are \
            tuned on the rest. A finding counts whatever the policy would do with it.
            """)
    @Argument(help: "The labelled items (JSON lines).") var items: String = "safety/eval/items.jsonl"
    @Option(help: "List the misjudged items of this split (dev or test).") var showErrors: String?
    @Flag(help: "Screen with the phrase rules and detectors alone, without the classifier.")
    var withoutClassifier = false
    @Option(
        help: ArgumentHelp(
            "Instead of scoring, time the screening of this many typical requests.",
            discussion: "A request is the newest user turn of bench/conversation-4k-tokens.json screened as input, "
                + "then a 1.5 KB answer screened as output in 4-byte deltas, as a stream arrives."))
    var benchmark: Int?

    struct Item: Decodable {
        var id: String
        var stage: SafetyStage
        var labels: [SafetyCategory]
        var text: String

        /// The held-out third.
        var isTest: Bool {
            id.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 } % 3 == 0
        }
    }

    func run() async throws {
        if let benchmark { return try timeTypicalRequests(benchmark) }
        guard let data = FileManager.default.contents(atPath: items) else {
            throw ValidationError("Cannot read \(items).")
        }
        let set = try data.split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.map {
            try JSONDecoder().decode(Item.self, from: Data($0))
        }
        let perspectives = try PerspectiveLibrary.bundled()
        let screen = try SafetyScreen.bundled(
            protecting: perspectives.texts + [PerspectiveComposer.bridge], usesClassifier: !withoutClassifier)
        var found: [[SafetyCategory]] = []
        var micros: [Double] = []
        var bytes = 0
        for item in set {
            let start = ContinuousClock.now
            let findings = screen.findings(in: item.text, stage: item.stage)
            micros.append(Double((ContinuousClock.now - start).components.attoseconds) / 1e12)
            bytes += item.text.utf8.count
            found.append(findings.map(\.category))
        }
        let splits: [(name: String, indices: [Int])] = [
            ("dev", set.indices.filter { !set[$0].isTest }), ("test", set.indices.filter { set[$0].isTest }),
            ("all", Array(set.indices)),
        ]
        print("\(set.count) items: dev \(splits[0].indices.count), test \(splits[1].indices.count)")
        print(
            "category                 "
                + splits.map { "\($0.name.padding(toLength: 4, withPad: " ", startingAt: 0))  P      R      n " }
                .joined(separator: "   "))
        func cell(_ indices: [Int], _ labelled: (Int) -> Bool, _ flagged: (Int) -> Bool) -> String {
            let truePositives = indices.count { labelled($0) && flagged($0) }
            let positives = indices.count(where: labelled)
            let flaggedCount = indices.count(where: flagged)
            let precision = flaggedCount == 0 ? 1 : Double(truePositives) / Double(flaggedCount)
            let recall = positives == 0 ? 1 : Double(truePositives) / Double(positives)
            return String(format: "      %.3f  %.3f %3d", precision, recall, positives)
        }
        var rows: [(String, (Int) -> Bool, (Int) -> Bool)] = SafetyCategory.allCases.map { category in
            (category.rawValue, { set[$0].labels.contains(category) }, { found[$0].contains(category) })
        }
        let crisis: Set<SafetyCategory> = [.selfHarm, .abuseDanger]
        rows.append(
            (
                "crisis (either of two)", { !crisis.isDisjoint(with: set[$0].labels) },
                { !crisis.isDisjoint(with: found[$0]) }
            ))
        rows.append(("any harm", { !set[$0].labels.isEmpty }, { !found[$0].isEmpty }))
        for (name, labelled, flagged) in rows {
            print(
                name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + splits.map { cell($0.indices, labelled, flagged) }.joined(separator: "   "))
        }
        print(
            "benign false-positive rate: "
                + splits.map { split in
                    let benign = split.indices.filter { set[$0].labels.isEmpty }
                    let flagged = benign.count { !found[$0].isEmpty }
                    return
                        "\(split.name) \(String(format: "%.3f", Double(flagged) / Double(max(1, benign.count)))) (\(flagged)/\(benign.count))"
                }.joined(separator: ", "))
        micros.sort()
        print(
            String(
                format: "screening: p50 %.1f µs, p99 %.1f µs per item; %.1f µs per KB (mean item %d bytes)",
                micros[micros.count / 2], micros[micros.count * 99 / 100],
                micros.reduce(0, +) / Double(bytes) * 1024, bytes / max(1, set.count)))
        if let split = showErrors {
            for index in set.indices where (split == "test") == set[index].isTest {
                let expected = Set(set[index].labels)
                let got = Set(found[index])
                guard expected != got else { continue }
                print(
                    "\(set[index].id) want \(expected.map(\.rawValue).sorted()) got \(got.map(\.rawValue).sorted()): \(set[index].text.prefix(160))"
                )
            }
        }
    }

    /// Prints p50, p90 and p99 of the values layer's own time per typical request.
    private func timeTypicalRequests(_ count: Int) throws {
        struct Conversation: Decodable { var messages: [ChatMessage] }
        guard let data = FileManager.default.contents(atPath: "bench/conversation-4k-tokens.json") else {
            throw ValidationError("Run from the repository root: bench/conversation-4k-tokens.json is needed.")
        }
        let messages = try JSONDecoder().decode(Conversation.self, from: data).messages
        let answer = String(
            repeating: "Grace is God's unearned favour. Paul writes in Ephesians 2:8-9 that we are saved by grace "
                + "through faith, and this is not our own doing; it is the gift of God. ", count: 9)
        let deltas = stride(from: 0, to: answer.count, by: 4).map { offset in
            let start = answer.index(answer.startIndex, offsetBy: offset)
            return String(
                answer[start..<(answer.index(start, offsetBy: 4, limitedBy: answer.endIndex) ?? answer.endIndex)])
        }
        let perspectives = try PerspectiveLibrary.bundled()
        let gate = SafetyGate(
            screen: try SafetyScreen.bundled(protecting: perspectives.texts + [PerspectiveComposer.bridge]),
            settings: try SafetySettings.load())
        var inputTimes: [Double] = []
        var deltaTimes: [Double] = []
        var totals: [Double] = []
        for _ in 0..<count {
            let start = ContinuousClock.now
            guard case .proceed = gate.screenInput(messages, clientID: nil) else {
                throw ValidationError("The benchmark request was not let through.")
            }
            let screened = ContinuousClock.now
            var output = gate.outputGuard(clientID: nil)
            var sent = 0
            for (index, delta) in deltas.enumerated() {
                let before = ContinuousClock.now
                sent += output.admit(delta, isLast: index == deltas.count - 1).utf8.count
                deltaTimes.append(Double((ContinuousClock.now - before).components.attoseconds) / 1e12)
            }
            let end = ContinuousClock.now
            guard sent == answer.utf8.count else { throw ValidationError("The benchmark answer was cut.") }
            inputTimes.append(Double((screened - start).components.attoseconds) / 1e12)
            totals.append(Double((end - start).components.attoseconds) / 1e12)
        }
        func line(_ name: String, _ values: [Double]) -> String {
            let sorted = values.sorted()
            return String(
                format: "%@ p50 %.1f µs, p90 %.1f µs, p99 %.1f µs", name, sorted[sorted.count / 2],
                sorted[sorted.count * 9 / 10], sorted[sorted.count * 99 / 100])
        }
        let inputBytes = messages.last?.content?.plainText.utf8.count ?? 0
        print(
            "\(count) requests: input \(inputBytes) bytes; answer \(answer.utf8.count) bytes in \(deltas.count) deltas")
        print(line("input screen (before routing)   ", inputTimes))
        print(line("each answer delta (chunk delay)", deltaTimes))
        print(line("whole request, CPU             ", totals))
    }
}
