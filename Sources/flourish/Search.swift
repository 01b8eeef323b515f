import ArgumentParser
import FlourishAPI
import FlourishGrounding
import FlourishServer
import FlourishStore
import Foundation
import Logging

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search a publisher's passages as grounding would.")
    @OptionGroup var environment: EnvironmentOptions
    @Option(help: "The publisher's name.") var publisher: String
    @Option(help: "hybrid, lexical or dense.") var retrieval: String = "hybrid"
    @Option(help: "How many passages.") var limit = 5
    @Argument(help: "The question.") var query: String

    func run() async throws {
        let (retriever, target) = try await openRetriever(environment: environment, publisher: publisher)
        guard let mode = Retriever.Mode(rawValue: retrieval) else {
            throw ValidationError("--retrieval is hybrid, lexical or dense.")
        }
        for (rank, hit) in try await retriever.search(query, in: target, limit: limit, mode: mode).enumerated() {
            let place = hit.passage.reference ?? hit.passage.heading ?? hit.passage.metadata.itemTitle ?? ""
            let similarity = hit.similarity.map { String(format: "%.3f", $0) } ?? "-"
            print(
                "\(rank + 1). \(place)  [similarity \(similarity), bm25 rank \(hit.lexicalRank.map(String.init) ?? "-")]"
            )
            print("   \(hit.passage.text.prefix(240))")
        }
    }
}

/// The retriever over one publisher, for the search and evaluation commands.
func openRetriever(
    environment: EnvironmentOptions, publisher: String, fusion: Retriever.Fusion = .init()
) async throws -> (Retriever, PublisherRecord) {
    let configuration = environment.configuration()
    let state = try GatewayState.open(configuration: configuration)
    guard let target = try await state.store.publisher(named: publisher) else {
        throw ValidationError("There is no publisher named \(publisher).")
    }
    let grounding = GroundingServices(
        store: state.store, embeddingsPath: configuration.embeddingsPath, fusion: fusion,
        logger: Logger(label: "flourish", factory: { _ in SwiftLogNoOpLogHandler() }))
    do {
        return (try await grounding.retriever(), target)
    } catch {
        throw ValidationError(error.message)
    }
}
