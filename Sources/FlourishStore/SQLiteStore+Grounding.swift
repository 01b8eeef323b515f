import Foundation
import GRDB

extension SQLiteStore {
    /// Tables of grounded completions: publishers, items (with the source until indexed), passages and their
    /// FTS5 index, kept in step with triggers.
    static func registerGroundingMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-grounding") { db in
            try db.execute(
                sql: """
                    CREATE TABLE publisher (
                        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, is_public INTEGER NOT NULL,
                        created_at DATETIME NOT NULL, content_version INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE publisher_owner (
                        publisher_id TEXT NOT NULL REFERENCES publisher(id) ON DELETE CASCADE,
                        client_id TEXT NOT NULL, PRIMARY KEY (publisher_id, client_id));
                    CREATE TABLE item (
                        id TEXT PRIMARY KEY, publisher_id TEXT NOT NULL REFERENCES publisher(id) ON DELETE CASCADE,
                        producer_id TEXT, content_hash TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
                        metadata TEXT NOT NULL, source BLOB, source_type TEXT NOT NULL,
                        created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, lease_until DATETIME,
                        UNIQUE (publisher_id, producer_id));
                    CREATE INDEX item_by_hash ON item(publisher_id, content_hash);
                    CREATE INDEX item_by_status ON item(status, created_at);
                    CREATE TABLE chunk (
                        id INTEGER PRIMARY KEY, item_id TEXT NOT NULL REFERENCES item(id) ON DELETE CASCADE,
                        publisher_id TEXT NOT NULL, ordinal INTEGER NOT NULL, text TEXT NOT NULL, heading TEXT,
                        reference TEXT, embedding BLOB NOT NULL);
                    CREATE INDEX chunk_by_item ON chunk(item_id);
                    CREATE INDEX chunk_by_publisher ON chunk(publisher_id);
                    CREATE VIRTUAL TABLE chunk_fts USING fts5(
                        text, heading, reference, content='chunk', content_rowid='id',
                        tokenize='porter unicode61 remove_diacritics 2');
                    CREATE TRIGGER chunk_ai AFTER INSERT ON chunk BEGIN
                        INSERT INTO chunk_fts(rowid, text, heading, reference)
                        VALUES (new.id, new.text, new.heading, new.reference);
                    END;
                    CREATE TRIGGER chunk_ad AFTER DELETE ON chunk BEGIN
                        INSERT INTO chunk_fts(chunk_fts, rowid, text, heading, reference)
                        VALUES ('delete', old.id, old.text, old.heading, old.reference);
                    END;
                    """)
        }
    }
}

extension SQLiteStore: GroundingStore {
    package func createPublisher(_ publisher: PublisherRecord, owners: [String]) async throws(StoreError) -> Bool {
        try await write { db in
            guard
                try Row.fetchOne(db, sql: "SELECT 1 FROM publisher WHERE name = ?", arguments: [publisher.name])
                    == nil
            else { return false }
            try db.execute(
                sql: "INSERT INTO publisher (id, name, is_public, created_at) VALUES (?, ?, ?, ?)",
                arguments: [publisher.id, publisher.name, publisher.isPublic, publisher.createdAt])
            for owner in owners {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO publisher_owner (publisher_id, client_id) VALUES (?, ?)",
                    arguments: [publisher.id, owner])
            }
            return true
        }
    }

    package func publisher(named name: String) async throws(StoreError) -> PublisherRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM publisher WHERE name = ?", arguments: [name]).map(Self.publisher)
        }
    }

    package func publisher(id: String) async throws(StoreError) -> PublisherRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM publisher WHERE id = ?", arguments: [id]).map(Self.publisher)
        }
    }

    package func allPublishers() async throws(StoreError) -> [(publisher: PublisherRecord, owners: [String])] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM publisher ORDER BY name").map { row in
                let publisher = Self.publisher(row)
                let owners = try String.fetchAll(
                    db, sql: "SELECT client_id FROM publisher_owner WHERE publisher_id = ? ORDER BY client_id",
                    arguments: [publisher.id])
                return (publisher, owners)
            }
        }
    }

    package func deletePublisher(id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM chunk WHERE publisher_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM publisher WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    package func addOwner(publisherID: String, clientID: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO publisher_owner (publisher_id, client_id) VALUES (?, ?)",
                arguments: [publisherID, clientID])
        }
    }

    package func owners(publisherID: String) async throws(StoreError) -> [String] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT client_id FROM publisher_owner WHERE publisher_id = ?", arguments: [publisherID])
        }
    }

    package func enqueue(_ item: ItemRecord, replacing: String?) async throws(StoreError) -> EnqueueOutcome {
        let metadata = try Self.encode(item.metadata)
        return try await write { db in
            if let replacing {
                guard
                    try Row.fetchOne(
                        db, sql: "SELECT 1 FROM item WHERE id = ? AND publisher_id = ?",
                        arguments: [replacing, item.publisherID]) != nil
                else { return .unknownItem }
                try db.execute(
                    sql: """
                        UPDATE item SET content_hash = ?, status = ?, error = NULL, metadata = ?, source = ?,
                        source_type = ?, updated_at = ?, lease_until = NULL WHERE id = ?
                        """,
                    arguments: [
                        item.contentHash, ItemStatus.queued.rawValue, metadata, item.source, item.sourceType,
                        item.updatedAt, replacing,
                    ])
                return .queued(itemID: replacing)
            }
            if let producer = item.producerID,
                let existing = try String.fetchOne(
                    db, sql: "SELECT id FROM item WHERE publisher_id = ? AND producer_id = ?",
                    arguments: [item.publisherID, producer])
            {
                return .duplicate(itemID: existing)
            }
            if let existing = try String.fetchOne(
                db, sql: "SELECT id FROM item WHERE publisher_id = ? AND content_hash = ?",
                arguments: [item.publisherID, item.contentHash])
            {
                return .duplicate(itemID: existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO item (id, publisher_id, producer_id, content_hash, status, metadata, source,
                    source_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    item.id, item.publisherID, item.producerID, item.contentHash, item.status.rawValue, metadata,
                    item.source, item.sourceType, item.createdAt, item.updatedAt,
                ])
            return .queued(itemID: item.id)
        }
    }

    package func items(publisherID: String) async throws(StoreError) -> [ItemRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.itemColumns) FROM item WHERE publisher_id = ? ORDER BY created_at, id",
                arguments: [publisherID]
            ).map(Self.item)
        }
    }

    package func item(id: String) async throws(StoreError) -> ItemRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.itemColumns) FROM item WHERE id = ?", arguments: [id]).map(
                Self.item)
        }
    }

    package func deleteItems(ids: [String]) async throws(StoreError) -> Set<String> {
        try await write { db in
            var deleted: Set<String> = []
            for id in ids {
                guard
                    let publisherID = try String.fetchOne(
                        db, sql: "SELECT publisher_id FROM item WHERE id = ?", arguments: [id])
                else { continue }
                try db.execute(sql: "DELETE FROM chunk WHERE item_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM item WHERE id = ?", arguments: [id])
                try Self.bumpVersion(db, publisherID: publisherID)
                deleted.insert(id)
            }
            return deleted
        }
    }

    package func hasWaitingItem(now: Date) async throws(StoreError) -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM item
                    WHERE status IN ('QUEUED', 'CHUNKING', 'EMBEDDING') AND (lease_until IS NULL OR lease_until < ?))
                    """, arguments: [now]) ?? false
        }
    }

    package func claimNextItem(now: Date, lease: TimeInterval) async throws(StoreError) -> ItemRecord? {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(Self.itemColumns), source FROM item
                        WHERE status IN ('QUEUED', 'CHUNKING', 'EMBEDDING') AND (lease_until IS NULL OR lease_until < ?)
                        ORDER BY created_at, id LIMIT 1
                        """, arguments: [now])
            else { return nil }
            var item = Self.item(row)
            item.source = row["source"]
            item.status = .chunking
            item.leaseUntil = now.addingTimeInterval(lease)
            try db.execute(
                sql: "UPDATE item SET status = ?, lease_until = ?, updated_at = ? WHERE id = ?",
                arguments: [item.status.rawValue, item.leaseUntil, now, item.id])
            return item
        }
    }

    package func completeItem(id: String, chunks: [ChunkRecord], metadata: ItemMetadata, now: Date)
        async throws(StoreError)
    {
        let metadata = try Self.encode(metadata)
        try await write { db in
            guard
                let publisherID = try String.fetchOne(
                    db, sql: "SELECT publisher_id FROM item WHERE id = ?", arguments: [id])
            else { return }
            try db.execute(sql: "DELETE FROM chunk WHERE item_id = ?", arguments: [id])
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO chunk (item_id, publisher_id, ordinal, text, heading, reference, embedding)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for chunk in chunks {
                try insert.execute(arguments: [
                    id, publisherID, chunk.ordinal, chunk.text, chunk.heading, chunk.reference,
                    Self.blob(chunk.embedding),
                ])
            }
            try db.execute(
                sql: """
                    UPDATE item SET status = 'COMPLETED', error = NULL, source = NULL, lease_until = NULL,
                    metadata = ?, updated_at = ? WHERE id = ?
                    """, arguments: [metadata, now, id])
            try Self.bumpVersion(db, publisherID: publisherID)
        }
    }

    package func failItem(id: String, error: String, now: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE item SET status = 'FAILED', error = ?, source = NULL, lease_until = NULL, updated_at = ?
                    WHERE id = ?
                    """, arguments: [error, now, id])
        }
    }

    package func lexicalMatches(publisherID: String, query: String, limit: Int) async throws(StoreError)
        -> [(chunkID: Int64, score: Double)]
    {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT chunk.id AS id, bm25(chunk_fts, 1.0, 0.5, 2.0) AS score FROM chunk_fts
                    JOIN chunk ON chunk.id = chunk_fts.rowid
                    WHERE chunk_fts MATCH ? AND chunk.publisher_id = ? ORDER BY score LIMIT ?
                    """, arguments: [query, publisherID, limit]
            ).map { ($0["id"], $0["score"]) }
        }
    }

    package func embeddings(publisherID: String) async throws(StoreError) -> (version: Int, vectors: [(Int64, [Float])])
    {
        try await read { db in
            let version =
                try Int.fetchOne(
                    db, sql: "SELECT content_version FROM publisher WHERE id = ?", arguments: [publisherID])
                ?? 0
            let vectors = try Row.fetchAll(
                db, sql: "SELECT id, embedding FROM chunk WHERE publisher_id = ? ORDER BY id", arguments: [publisherID]
            ).map { row -> (Int64, [Float]) in (row["id"], Self.floats(row["embedding"])) }
            return (version, vectors)
        }
    }

    package func passageTexts(publisherID: String) async throws(StoreError) -> [String] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT coalesce(heading, '') || ' ' || text FROM chunk WHERE publisher_id = ?",
                arguments: [publisherID])
        }
    }

    package func passages(ids: [Int64]) async throws(StoreError) -> [StoredPassage] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT chunk.id AS id, chunk.item_id AS item_id, chunk.text AS text, chunk.heading AS heading,
                    chunk.reference AS reference, item.metadata AS metadata
                    FROM chunk JOIN item ON item.id = chunk.item_id WHERE chunk.id IN (\(marks))
                    """, arguments: StatementArguments(ids))
            let byID = Dictionary(
                uniqueKeysWithValues: try rows.map { row -> (Int64, StoredPassage) in
                    let passage = StoredPassage(
                        chunkID: row["id"], itemID: row["item_id"], text: row["text"], heading: row["heading"],
                        reference: row["reference"], metadata: try Self.decodeMetadata(row["metadata"]))
                    return (passage.chunkID, passage)
                })
            return ids.compactMap { byID[$0] }
        }
    }

    /// The content version tells in-memory indexes to reload.
    private static func bumpVersion(_ db: Database, publisherID: String) throws {
        try db.execute(
            sql: "UPDATE publisher SET content_version = content_version + 1 WHERE id = ?", arguments: [publisherID])
    }

    private static let itemColumns =
        "id, publisher_id, producer_id, content_hash, status, error, metadata, source_type, created_at, updated_at, lease_until"

    private static func publisher(_ row: Row) -> PublisherRecord {
        var publisher = PublisherRecord(
            id: row["id"], name: row["name"], isPublic: row["is_public"], createdAt: row["created_at"])
        publisher.contentVersion = row["content_version"]
        return publisher
    }

    private static func item(_ row: Row) -> ItemRecord {
        var item = ItemRecord(
            id: row["id"], publisherID: row["publisher_id"], producerID: row["producer_id"],
            contentHash: row["content_hash"], metadata: (try? decodeMetadata(row["metadata"])) ?? ItemMetadata(),
            source: Data(), sourceType: row["source_type"], now: row["created_at"])
        item.source = nil
        item.status = ItemStatus(rawValue: row["status"]) ?? .failed
        item.error = row["error"]
        item.updatedAt = row["updated_at"]
        item.leaseUntil = row["lease_until"]
        return item
    }

    private static func encode(_ metadata: ItemMetadata) throws(StoreError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self)
        } catch {
            throw StoreError("cannot encode item metadata", underlying: error)
        }
    }

    private static func decodeMetadata(_ text: String) throws -> ItemMetadata {
        try JSONDecoder().decode(ItemMetadata.self, from: Data(text.utf8))
    }

    /// Float32, little-endian, as stored.
    static func blob(_ vector: [Float]) -> Data {
        vector.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        }
    }
}
