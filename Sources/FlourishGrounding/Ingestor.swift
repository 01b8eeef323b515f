import Crypto
import FlourishAPI
import FlourishStore
import Foundation

/// Queues uploads and indexes them: read, cut into passages, embed, and store the passages in one
/// transaction, so an item is either fully searchable or not at all, and a restart loses nothing.
package struct Ingestor: Sendable {
    /// How long a worker may hold an item before another may take it over.
    static let lease: TimeInterval = 120

    private let store: any GroundingStore
    private let embedder: any TextEmbedder
    private let reader = DocumentReader()
    private let chunker = Chunker()

    package init(store: any GroundingStore, embedder: any TextEmbedder) {
        self.store = store
        self.embedder = embedder
    }

    /// Queues one upload; duplicates (same producer id or same bytes in the publisher) are reported, not
    /// stored twice.
    package func enqueue(
        _ source: Data, type: String, metadata: ItemMetadata, publisherID: String, producerID: String?,
        replacing: String? = nil
    ) async throws(StoreError) -> EnqueueOutcome {
        let hash = await OffLoopWork.run(sized: source.count) {
            SHA256.hash(data: source).map { String(format: "%02x", $0) }.joined()
        }
        let item = ItemRecord(
            id: UUID().uuidString.lowercased(), publisherID: publisherID, producerID: producerID, contentHash: hash,
            metadata: metadata, source: source, sourceType: type, now: Date())
        return try await store.enqueue(item, replacing: replacing)
    }

    /// Indexes the oldest waiting item; false when none was waiting. A file that cannot be read fails alone.
    package func indexNext() async throws(StoreError) -> Bool {
        guard let item = try await store.claimNextItem(now: Date(), lease: Self.lease) else { return false }
        switch await index(item) {
        case .success(let (document, chunks)):
            try await store.completeItem(id: item.id, chunks: chunks, metadata: document.metadata, now: Date())
        case .failure(let error):
            try await store.failItem(id: item.id, error: error.message, now: Date())
        }
        return true
    }

    /// Reads, cuts and embeds one item; a large file takes seconds of CPU.
    private func index(_ item: ItemRecord) async -> Result<(Document, [ChunkRecord]), IngestionError> {
        await OffLoopWork.run {
            Result { () throws(IngestionError) in
                let document = try reader.read(item.source ?? Data(), type: item.sourceType, metadata: item.metadata)
                return (document, try passages(of: document, item: item))
            }
        }
    }

    private func passages(of document: Document, item: ItemRecord) throws(IngestionError) -> [ChunkRecord] {
        let chunks = chunker.passages(of: document).enumerated().map { ordinal, passage in
            ChunkRecord(
                itemID: item.id, publisherID: item.publisherID, ordinal: ordinal, text: passage.text,
                heading: passage.heading, reference: passage.reference,
                embedding: embedder.embed(Self.embeddingText(passage)))
        }
        guard !chunks.isEmpty else { throw IngestionError("The file has no text to index.") }
        return chunks
    }

    /// What the dense vector sees: the heading gives a short passage its context.
    static func embeddingText(_ passage: Passage) -> String {
        guard let heading = passage.heading else { return passage.text }
        return heading + "\n" + passage.text
    }
}
