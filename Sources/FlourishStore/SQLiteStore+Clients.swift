import Foundation
import GRDB

extension ClientRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "client"
}

extension SQLiteStore: ClientStore {
    package func insert(_ client: ClientRecord) async throws(StoreError) {
        try await write { db in try client.insert(db) }
    }

    package func client(id: String) async throws(StoreError) -> ClientRecord? {
        try await read { db in try ClientRecord.fetchOne(db, key: id) }
    }

    package func allClients() async throws(StoreError) -> [ClientRecord] {
        try await read { db in try ClientRecord.order(Column("created_at")).fetchAll(db) }
    }

    package func revoke(id: String, at date: Date) async throws(StoreError) -> ClientRecord? {
        try await write { db in
            guard var client = try ClientRecord.fetchOne(db, key: id) else { return nil }
            if client.revokedAt == nil {
                client.revokedAt = date
                try client.update(db)
            }
            return client
        }
    }

    package func rotateSecret(id: String, newHash: Data, at date: Date) async throws(StoreError) -> ClientRecord? {
        try await write { db in
            guard var client = try ClientRecord.fetchOne(db, key: id), client.revokedAt == nil else { return nil }
            client.secretHash = newHash
            client.generation += 1
            client.rotatedAt = date
            try client.update(db)
            return client
        }
    }

    package func credentialStates() async throws(StoreError) -> [CredentialState] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, generation, revoked_at IS NOT NULL AS revoked FROM client").map {
                row in
                CredentialState(clientID: row["id"], generation: row["generation"], isRevoked: row["revoked"])
            }
        }
    }
}
