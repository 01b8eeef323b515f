import ArgumentParser
import FlourishGrounding
import FlourishServer
import FlourishStore
import Foundation

struct EvaluateRetrieval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-retrieval",
        abstract: "Print recall@1, recall@5 and MRR of BM25 alone, dense alone and fused on a labelled question set.",
        discussion: """
            Each line of the file: {"id", "publisher", "kind", "question", "relevant": ["Luke 15:11-32", ...]}. A \
            retrieved passage is relevant when its reference overlaps one of the relevant ranges. MRR counts the \
            first relevant passage in the top 10.
            """)
    @OptionGroup var environment: EnvironmentOptions
    @Argument(help: "The questions (JSON lines).") var questions: String = "grounding/eval/questions.jsonl"
    @Option(help: "Reciprocal rank fusion's k.") var rrfK: Double = Retriever.Fusion().k
    @Option(help: "Weight of the dense ranking in fusion (BM25's is 1).") var denseWeight: Double =
        Retriever.Fusion().denseWeight

    struct Question: Decodable {
        var id: String
        var publisher: String
        var kind: String
        var question: String
        var relevant: [String]
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: questions) else {
            throw ValidationError("Cannot read \(questions).")
        }
        let set = try data.split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.map {
            try JSONDecoder().decode(Question.self, from: Data($0))
        }
        var fusion = Retriever.Fusion()
        fusion.k = rrfK
        fusion.denseWeight = denseWeight
        var retrievers: [String: (Retriever, PublisherRecord)] = [:]
        for name in Set(set.map(\.publisher)) {
            retrievers[name] = try await openRetriever(environment: environment, publisher: name, fusion: fusion)
        }
        print("\(set.count) questions; RRF k \(rrfK), dense weight \(denseWeight)")
        print("method    recall@1  recall@5  MRR@10   p50 ms  p95 ms")
        for mode in [Retriever.Mode.lexical, .dense, .hybrid] {
            var ranks: [(kind: String, rank: Int?)] = []
            var times: [Double] = []
            for question in set {
                let (retriever, publisher) = retrievers[question.publisher]!
                let relevant = question.relevant.compactMap(ScriptureRange.init)
                guard relevant.count == question.relevant.count else {
                    throw ValidationError("\(question.id): cannot read \(question.relevant)")
                }
                let start = ContinuousClock.now
                let hits = try await retriever.search(question.question, in: publisher, limit: 10, mode: mode)
                let elapsed = (ContinuousClock.now - start).components
                times.append(Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15)
                let rank = hits.firstIndex { hit in
                    guard let found = hit.passage.reference.flatMap(ScriptureRange.init) else { return false }
                    return relevant.contains { $0.overlaps(found) }
                }
                ranks.append((question.kind, rank.map { $0 + 1 }))
            }
            times.sort()
            let name = mode == .lexical ? "bm25" : mode.rawValue
            print(Self.row(name, ranks.map(\.rank), p50: times[times.count / 2], p95: times[times.count * 95 / 100]))
            for kind in Set(ranks.map(\.kind)).sorted() {
                print(Self.row("  \(kind)", ranks.filter { $0.kind == kind }.map(\.rank), p50: nil, p95: nil))
            }
        }
    }

    private static func row(_ name: String, _ ranks: [Int?], p50: Double?, p95: Double?) -> String {
        let count = Double(ranks.count)
        let at1 = Double(ranks.count { $0 == 1 }) / count
        let at5 = Double(ranks.count { ($0 ?? 99) <= 5 }) / count
        let mrr = ranks.reduce(0.0) { $0 + ($1.map { 1 / Double($0) } ?? 0) } / count
        let timing = p50.map { String(format: "  %6.2f  %6.2f", $0, p95 ?? 0) } ?? ""
        return name.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(format: "%8.3f  %8.3f  %6.3f", at1, at5, mrr) + timing + "   (\(ranks.count))"
    }
}
