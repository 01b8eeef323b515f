import Foundation

/// Persistence of publishers, their items and the indexed passages.
package protocol GroundingStore: Sendable {
    /// Creates a publisher; false when one of that name exists already (nothing changes then).
    func createPublisher(_ publisher: PublisherRecord, owners: [String]) async throws(StoreError) -> Bool
    func publisher(named name: String) async throws(StoreError) -> PublisherRecord?
    func publisher(id: String) async throws(StoreError) -> PublisherRecord?
    func allPublishers() async throws(StoreError) -> [(publisher: PublisherRecord, owners: [String])]
    /// Deletes a publisher with its items and passages; false when there was none.
    func deletePublisher(id: String) async throws(StoreError) -> Bool
    func addOwner(publisherID: String, clientID: String) async throws(StoreError)
    func owners(publisherID: String) async throws(StoreError) -> [String]

    /// Queues an item unless it duplicates one: same producer id, or same content in the publisher. With
    /// `replacing`, the named item's content and metadata are replaced and it is indexed again.
    func enqueue(_ item: ItemRecord, replacing: String?) async throws(StoreError) -> EnqueueOutcome
    /// The publisher's items, without their sources, oldest first.
    func items(publisherID: String) async throws(StoreError) -> [ItemRecord]
    func item(id: String) async throws(StoreError) -> ItemRecord?
    /// Deletes items and their passages; the ids that existed.
    func deleteItems(ids: [String]) async throws(StoreError) -> Set<String>
    /// Takes the oldest item waiting to be indexed (or whose worker's lease ran out) and leases it.
    func claimNextItem(now: Date, lease: TimeInterval) async throws(StoreError) -> ItemRecord?
    /// Whether `claimNextItem` would find an item, without claiming it.
    func hasWaitingItem(now: Date) async throws(StoreError) -> Bool
    /// Replaces the item's passages with `chunks`, records the metadata read from its content, and marks it
    /// completed, in one transaction.
    func completeItem(id: String, chunks: [ChunkRecord], metadata: ItemMetadata, now: Date) async throws(StoreError)
    func failItem(id: String, error: String, now: Date) async throws(StoreError)

    /// Chunk ids matching an FTS5 query within a publisher, best first, with their BM25 score (lower is better).
    func lexicalMatches(publisherID: String, query: String, limit: Int) async throws(StoreError)
        -> [(chunkID: Int64, score: Double)]
    /// Every passage embedding of a publisher, with the content version they belong to.
    func embeddings(publisherID: String) async throws(StoreError) -> (version: Int, vectors: [(Int64, [Float])])
    func passages(ids: [Int64]) async throws(StoreError) -> [StoredPassage]
    /// Every passage text of a publisher, for keyword statistics.
    func passageTexts(publisherID: String) async throws(StoreError) -> [String]
}

/// What happened to an uploaded item.
package enum EnqueueOutcome: Sendable, Equatable {
    case queued(itemID: String)
    case duplicate(itemID: String)
    /// `replacing` named no item of the publisher.
    case unknownItem
}
