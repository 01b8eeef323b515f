import FlourishStore
import Foundation
import Testing

@Suite struct SQLiteStoreTests {
    let directory: URL
    let store: SQLiteStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("flourish-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("db.sqlite").path)
    }

    private func record(_ id: String) -> ClientRecord {
        ClientRecord(
            id: id, name: "n-\(id)", secretHash: Data(repeating: 1, count: 32), scopes: "api/access", createdAt: Date())
    }

    @Test func usesWriteAheadLogging() async throws {
        #expect(try await store.journalMode() == "wal")
    }

    @Test func insertsAndReadsClients() async throws {
        try await store.insert(record("a"))
        try await store.insert(record("b"))
        #expect(try await store.client(id: "a")?.name == "n-a")
        #expect(try await store.client(id: "zz") == nil)
        #expect(try await store.allClients().map(\.id) == ["a", "b"])
    }

    @Test func duplicateIDFails() async throws {
        try await store.insert(record("a"))
        await #expect(throws: StoreError.self) { try await store.insert(record("a")) }
    }

    @Test func revokeAndRotateShowInCredentialStates() async throws {
        try await store.insert(record("a"))
        try await store.insert(record("b"))
        #expect(
            try await store.rotateSecret(id: "a", newHash: Data(repeating: 2, count: 32), at: Date())?.generation == 2)
        #expect(try await store.revoke(id: "b", at: Date())?.isRevoked == true)
        #expect(try await store.rotateSecret(id: "b", newHash: Data(), at: Date()) == nil)
        #expect(try await store.revoke(id: "missing", at: Date()) == nil)
        let states = try await store.credentialStates().sorted { $0.clientID < $1.clientID }
        #expect(
            states == [
                CredentialState(clientID: "a", generation: 2, isRevoked: false),
                CredentialState(clientID: "b", generation: 1, isRevoked: true),
            ])
    }

    @Test func dataSurvivesReopening() async throws {
        try await store.insert(record("a"))
        let reopened = try SQLiteStore(path: directory.appendingPathComponent("db.sqlite").path)
        #expect(try await reopened.client(id: "a") != nil)
    }
}
