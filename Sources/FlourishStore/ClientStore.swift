import Foundation

/// Persistence of OAuth2 clients.
package protocol ClientStore: Sendable {
    func insert(_ client: ClientRecord) async throws(StoreError)
    func client(id: String) async throws(StoreError) -> ClientRecord?
    func allClients() async throws(StoreError) -> [ClientRecord]
    /// Marks a client revoked; returns it, or nil when there is no such client.
    func revoke(id: String, at date: Date) async throws(StoreError) -> ClientRecord?
    /// Replaces the secret hash and bumps the generation; returns the client, or nil when there is none.
    func rotateSecret(id: String, newHash: Data, at date: Date) async throws(StoreError) -> ClientRecord?
    /// Every client's revocation and generation, for the in-memory check on each request.
    func credentialStates() async throws(StoreError) -> [CredentialState]
}

/// A storage failure; the underlying database error is kept for logs.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var underlying: (any Error)?

    package init(_ message: String, underlying: (any Error)? = nil) {
        self.message = message
        self.underlying = underlying
    }

    package var description: String {
        underlying.map { "\(message): \($0)" } ?? message
    }
}
