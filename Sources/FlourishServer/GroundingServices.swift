import FlourishAPI
import FlourishAuth
import FlourishGrounding
import FlourishStore
import Foundation
import Logging
import Synchronization

/// Retrieval and ingestion over the store. The embedding table (tens of megabytes) is loaded when grounding is
/// first used, so a gateway that never grounds does not carry it.
package struct GroundingServices: Sendable {
    package let store: any GroundingStore
    private let engines: Engines

    /// Checks that the table at `embeddingsPath` is there; without it grounding answers 503 saying how to
    /// install it.
    package init(
        store: any GroundingStore, embeddingsPath: String, fusion: Retriever.Fusion = .init(), logger: Logger
    ) {
        self.store = store
        engines = Engines(store: store, path: embeddingsPath, fusion: fusion, logger: logger)
        if !engines.isInstalled {
            logger.warning(
                "Grounded completions are off: no embedding table", metadata: ["path": .string(embeddingsPath)])
        }
    }

    package func retriever() async throws(GatewayError) -> Retriever { try await engines.get().retriever }
    package func ingestor() async throws(GatewayError) -> Ingestor { try await engines.get().ingestor }

    /// The retriever and ingestor, made on first use.
    private final class Engines: Sendable {
        private let store: any GroundingStore
        private let path: String
        private let fusion: Retriever.Fusion
        private let logger: Logger
        private let loading = Mutex<Task<Result<Loaded, GatewayError>, Never>?>(nil)

        typealias Loaded = (retriever: Retriever, ingestor: Ingestor)

        init(store: any GroundingStore, path: String, fusion: Retriever.Fusion, logger: Logger) {
            self.store = store
            self.path = path
            self.fusion = fusion
            self.logger = logger
        }

        var isInstalled: Bool {
            ["config.json", "vocab.txt", "vectors.f16"].allSatisfy {
                FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).appendingPathComponent($0).path)
            }
        }

        /// Loads once, off the event loops (the table is hundreds of megabytes); callers arriving meanwhile wait
        /// for the same load.
        func get() async throws(GatewayError) -> Loaded {
            let task = loading.withLock { loading in
                if let loading { return loading }
                let task = Task { await OffLoopWork.run { self.load() } }
                loading = task
                return task
            }
            return try await task.value.get()
        }

        private func load() -> Result<Loaded, GatewayError> {
            do {
                let embedder = try StaticEmbedder.load(directory: URL(fileURLWithPath: path))
                return .success(
                    (
                        Retriever(store: store, embedder: embedder, fusion: fusion),
                        Ingestor(store: store, embedder: embedder)
                    ))
            } catch {
                logger.warning(
                    "Grounded completions are off: the embedding table cannot be loaded",
                    metadata: ["path": .string(path), "error": .string("\(error)")])
                return .failure(
                    GatewayError(
                        .providerUnavailable,
                        "Grounded completions need the embedding table, which this gateway could not load from \(path). The operator should run scripts/embedding-model install (or set FLOURISH_EMBEDDINGS) and restart.",
                        reason: "grounding_unavailable"))
            }
        }
    }

    /// The publisher named in a request, if the client may read it: 404 when unknown, 403 when it is
    /// another client's.
    func readablePublisher(named name: String, by client: AuthenticatedClient) async throws(GatewayError)
        -> PublisherRecord
    {
        let publisher = try await lookUp { () async throws(StoreError) in try await store.publisher(named: name) }
        guard let publisher else {
            throw GatewayError(
                .notFound, "There is no publisher named '\(name)'. Publisher names are case-sensitive.",
                param: "rag_publisher", reason: "publisher_not_found")
        }
        let readable = try await publisher.isPublic ? true : isOwner(client, of: publisher)
        guard readable else {
            throw GatewayError(
                .forbidden, "The publisher '\(name)' belongs to another client.", param: "rag_publisher",
                reason: "publisher_forbidden")
        }
        return publisher
    }

    /// The publisher with this id, if the client owns it (ingestion needs ownership, not just reading).
    func ownedPublisher(id: String, by client: AuthenticatedClient) async throws(GatewayError) -> PublisherRecord {
        let publisher = try await lookUp { () async throws(StoreError) in try await store.publisher(id: id) }
        guard let publisher else {
            throw GatewayError(
                .notFound, "There is no publisher with id '\(id)'.", param: "publisher_id",
                reason: "publisher_not_found")
        }
        guard try await isOwner(client, of: publisher) else {
            throw GatewayError(
                .forbidden, "This client does not own the publisher '\(publisher.name)'.", param: "publisher_id",
                reason: "publisher_forbidden")
        }
        return publisher
    }

    private func isOwner(_ client: AuthenticatedClient, of publisher: PublisherRecord) async throws(GatewayError)
        -> Bool
    {
        try await lookUp { () async throws(StoreError) in
            try await store.owners(publisherID: publisher.id).contains(client.clientID)
        }
    }

    /// Runs a store call, turning its failure into a 500 in the envelope.
    func lookUp<T>(_ operation: () async throws(StoreError) -> T) async throws(GatewayError) -> T {
        do {
            return try await operation()
        } catch {
            throw GatewayError(.internalError, "Flourish could not read its store.", underlying: error)
        }
    }
}

extension StaticEmbedder: TextEmbedder {}
