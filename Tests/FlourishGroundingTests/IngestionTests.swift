import FlourishGrounding
import FlourishStore
import Foundation
import Testing

/// A small, deterministic embedder for tests: hashed word counts, normalised. Words shared by query and
/// passage make them similar, which is all fusion and relevance logic need.
struct WordCountEmbedder: TextEmbedder {
    func embed(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: 64)
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count > 3 {
            vector[Int(word.unicodeScalars.reduce(7) { ($0 &* 31 &+ Int($1.value)) & 0xFFFF } % 64)] += 1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}

@Suite struct IngestionTests {
    let store: SQLiteStore
    let ingestor: Ingestor
    let publisher = PublisherRecord(id: "pub-1", name: "Sermons", isPublic: false, createdAt: Date())

    init() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grounding-\(UUID()).sqlite").path
        store = try SQLiteStore(path: path)
        ingestor = Ingestor(store: store, embedder: WordCountEmbedder())
        #expect(try await store.createPublisher(publisher, owners: ["client-a"]))
    }

    private func enqueue(_ text: String, type: String = "txt", producer: String? = nil, replacing: String? = nil)
        async throws -> EnqueueOutcome
    {
        var metadata = ItemMetadata()
        metadata.itemTitle = "Item \(text.prefix(12))"
        return try await ingestor.enqueue(
            Data(text.utf8), type: type, metadata: metadata, publisherID: publisher.id, producerID: producer,
            replacing: replacing)
    }

    private func drain() async throws {
        while try await ingestor.indexNext() {}
    }

    @Test func duplicatesAreReportedNotStoredTwice() async throws {
        guard case .queued(let first) = try await enqueue("The prodigal son came home.", producer: "p1") else {
            Issue.record("not queued")
            return
        }
        #expect(try await enqueue("The prodigal son came home.") == .duplicate(itemID: first))
        #expect(try await enqueue("Other text entirely.", producer: "p1") == .duplicate(itemID: first))
        #expect(try await store.createPublisher(publisher, owners: []) == false)
        try await drain()
        #expect(try await store.items(publisherID: publisher.id).map(\.status) == [.completed])
    }

    @Test func aBadFileFailsAloneWithAClearStatus() async throws {
        _ = try await enqueue("Grace upon grace.")
        _ = try await enqueue("binary", type: "unknown")
        _ = try await enqueue(#"{"item_title":"no content"}"#, type: "item")
        try await drain()
        let items = try await store.items(publisherID: publisher.id)
        #expect(items.map(\.status) == [.completed, .failed, .failed])
        #expect(items[1].error?.contains("cannot read") == true)
        #expect(items[2].error?.contains("content") == true)
    }

    @Test func anItemLeftHalfDoneIsTakenOverWhenItsLeaseRunsOut() async throws {
        _ = try await enqueue("Shepherds watched their flocks by night.")
        // A worker takes the item and stops (a crash) before finishing.
        let taken = try #require(try await store.claimNextItem(now: Date(), lease: 120))
        #expect(try await store.claimNextItem(now: Date(), lease: 120) == nil)
        let retaken = try #require(try await store.claimNextItem(now: Date().addingTimeInterval(121), lease: 120))
        #expect(retaken.id == taken.id)
        #expect(retaken.source == Data("Shepherds watched their flocks by night.".utf8))
    }

    @Test func updateReplacesAnItemsPassages() async throws {
        guard case .queued(let id) = try await enqueue("Faith comes by hearing.") else { return }
        try await drain()
        #expect(try await enqueue("Hope does not disappoint.", replacing: id) == .queued(itemID: id))
        #expect(try await enqueue("x", replacing: "nope") == .unknownItem)
        try await drain()
        let retriever = Retriever(store: store, embedder: WordCountEmbedder())
        let current = try #require(try await store.publisher(id: publisher.id))
        let hits = try await retriever.search("hope disappoint", in: current, limit: 3, mode: .lexical)
        #expect(hits.map(\.passage.text) == ["Hope does not disappoint."])
        #expect(try await retriever.search("faith hearing", in: current, limit: 3, mode: .lexical).isEmpty)
    }

    @Test func retrievalFusesBothRankingsFiltersTraditionAndSeesDeletions() async throws {
        let story =
            #"{"item_title":"Luke 15","tradition":"catholic","sections":[{"reference":"Luke 15:11","text":"A certain man had two sons, and the younger wasted his inheritance."}]}"#
        _ = try await enqueue(story, type: "item")
        guard case .queued(let other) = try await enqueue("The younger brother wasted nothing; the harvest came early.")
        else { return }
        _ = try await enqueue("Bread and fish fed five thousand people by the lake.")
        try await drain()
        let retriever = Retriever(store: store, embedder: WordCountEmbedder())
        var current = try #require(try await store.publisher(id: publisher.id))
        let hits = try await retriever.search("younger son wasted inheritance", in: current, limit: 3)
        #expect(hits.first?.passage.reference == "Luke 15:11")
        #expect(hits.first?.lexicalRank == 1 && hits.first?.denseRank == 1)
        let evangelical = try await retriever.search(
            "younger son wasted inheritance", in: current, limit: 3, tradition: "evangelical")
        #expect(!evangelical.contains { $0.passage.reference == "Luke 15:11" })
        #expect(try await store.deleteItems(ids: [other, "missing"]) == [other])
        current = try #require(try await store.publisher(id: publisher.id))
        let after = try await retriever.search("younger brother harvest", in: current, limit: 3, mode: .dense)
        #expect(!after.contains { $0.passage.itemID == other })
    }

    @Test func aQuestionNothingMatchesFindsNothingRelevant() async throws {
        _ = try await enqueue("Bread and fish fed five thousand people by the lake.")
        try await drain()
        let retriever = Retriever(store: store, embedder: WordCountEmbedder())
        let current = try #require(try await store.publisher(id: publisher.id))
        let hits = try await retriever.search(
            "transmission repair for a diesel truck", in: current, limit: 3, relevantOnly: true)
        #expect(hits.isEmpty)
    }
}
