import Foundation

/// A content container that grounded completions answer from, addressed by name in `rag_publisher`.
package struct PublisherRecord: Codable, Sendable, Equatable {
    package var id: String
    package var name: String
    /// Readable by every client; only owners may ingest.
    package var isPublic: Bool
    package var createdAt: Date
    /// Bumped whenever the publisher's searchable content changes, so in-memory indexes know to reload.
    package var contentVersion: Int

    package init(id: String, name: String, isPublic: Bool, createdAt: Date) {
        self.id = id
        self.name = name
        self.isPublic = isPublic
        self.createdAt = createdAt
        self.contentVersion = 0
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case isPublic = "is_public"
        case createdAt = "created_at"
        case contentVersion = "content_version"
    }
}

/// Gloo's processing states for an item.
package enum ItemStatus: String, Codable, Sendable, CaseIterable {
    case queued = "QUEUED"
    case chunking = "CHUNKING"
    case embedding = "EMBEDDING"
    case completed = "COMPLETED"
    case failed = "FAILED"
}

/// Gloo's descriptive fields of an item, carried to every chunk's citation.
package struct ItemMetadata: Codable, Sendable, Equatable {
    package var itemTitle: String?
    package var itemSubtitle: String?
    package var author: [String]?
    package var itemURL: String?
    package var publicationDate: String?
    package var tradition: String?
    package var type: String?
    package var itemTags: [String]?
    package var itemSummary: String?
    package var filename: String?
    /// The scripture passage the whole item covers, e.g. "Luke 15" (Flourish).
    package var reference: String?

    package init() {}

    /// Reads Gloo's item fields from any item JSON, ignoring the rest: the author may be a list or one
    /// comma-separated string, and `denomination` stands in for `tradition`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        itemTitle = try container.decodeIfPresent(String.self, forKey: .itemTitle)
        itemSubtitle = try container.decodeIfPresent(String.self, forKey: .itemSubtitle)
        if let list = try? container.decodeIfPresent([String].self, forKey: .author) {
            author = list
        } else if let text = try container.decodeIfPresent(String.self, forKey: .author) {
            author = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        itemURL = try container.decodeIfPresent(String.self, forKey: .itemURL)
        publicationDate = try container.decodeIfPresent(String.self, forKey: .publicationDate)
        tradition =
            try container.decodeIfPresent(String.self, forKey: .tradition)
            ?? container.decodeIfPresent(String.self, forKey: .denomination)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        itemTags = try container.decodeIfPresent([String].self, forKey: .itemTags)
        itemSummary = try container.decodeIfPresent(String.self, forKey: .itemSummary)
        filename = try container.decodeIfPresent(String.self, forKey: .filename)
        reference = try container.decodeIfPresent(String.self, forKey: .reference)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(itemTitle, forKey: .itemTitle)
        try container.encodeIfPresent(itemSubtitle, forKey: .itemSubtitle)
        try container.encodeIfPresent(author, forKey: .author)
        try container.encodeIfPresent(itemURL, forKey: .itemURL)
        try container.encodeIfPresent(publicationDate, forKey: .publicationDate)
        try container.encodeIfPresent(tradition, forKey: .tradition)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encodeIfPresent(itemTags, forKey: .itemTags)
        try container.encodeIfPresent(itemSummary, forKey: .itemSummary)
        try container.encodeIfPresent(filename, forKey: .filename)
        try container.encodeIfPresent(reference, forKey: .reference)
    }

    enum CodingKeys: String, CodingKey {
        case author, tradition, denomination, type, filename, reference
        case itemTitle = "item_title"
        case itemSubtitle = "item_subtitle"
        case itemURL = "item_url"
        case publicationDate = "publication_date"
        case itemTags = "item_tags"
        case itemSummary = "item_summary"
    }
}

/// One uploaded item and where its processing stands. The uploaded source is kept until it is indexed, so
/// an item survives a restart.
package struct ItemRecord: Sendable, Equatable {
    package var id: String
    package var publisherID: String
    package var producerID: String?
    /// SHA-256 (hex) of the source, for duplicate detection.
    package var contentHash: String
    package var status: ItemStatus
    package var error: String?
    package var metadata: ItemMetadata
    /// The uploaded bytes and how to read them (`txt`, `md`, `html`, `pdf`, `docx`, `item` for a JSON item).
    package var source: Data?
    package var sourceType: String
    package var createdAt: Date
    package var updatedAt: Date
    /// A worker holds the item until this time; an expired lease lets another worker take it over.
    package var leaseUntil: Date?

    package init(
        id: String, publisherID: String, producerID: String?, contentHash: String, metadata: ItemMetadata,
        source: Data, sourceType: String, now: Date
    ) {
        self.id = id
        self.publisherID = publisherID
        self.producerID = producerID
        self.contentHash = contentHash
        self.status = .queued
        self.metadata = metadata
        self.source = source
        self.sourceType = sourceType
        self.createdAt = now
        self.updatedAt = now
    }
}

/// A passage of an item as indexed.
package struct ChunkRecord: Sendable, Equatable {
    package var id: Int64?
    package var itemID: String
    package var publisherID: String
    package var ordinal: Int
    package var text: String
    /// The heading path the passage sits under, e.g. "Chapter 2 › Grace".
    package var heading: String?
    /// The scripture reference of the passage, e.g. "John 3:16-18".
    package var reference: String?
    /// The passage's normalised embedding.
    package var embedding: [Float]

    package init(
        itemID: String, publisherID: String, ordinal: Int, text: String, heading: String?, reference: String?,
        embedding: [Float]
    ) {
        self.itemID = itemID
        self.publisherID = publisherID
        self.ordinal = ordinal
        self.text = text
        self.heading = heading
        self.reference = reference
        self.embedding = embedding
    }
}

/// A chunk found by search, with its item's metadata.
package struct StoredPassage: Sendable, Equatable {
    package var chunkID: Int64
    package var itemID: String
    package var text: String
    package var heading: String?
    package var reference: String?
    package var metadata: ItemMetadata
}
