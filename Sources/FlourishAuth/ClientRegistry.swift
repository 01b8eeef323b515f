import FlourishStore
import Foundation

/// A client as shown to an operator.
package struct ClientSummary: Sendable, Codable, Equatable {
    package var clientID: String
    package var name: String
    package var scopes: String
    package var createdAt: Date
    package var rotatedAt: Date?
    package var revokedAt: Date?

    init(_ record: ClientRecord) {
        clientID = record.id
        name = record.name
        scopes = record.scopes
        createdAt = record.createdAt
        rotatedAt = record.rotatedAt
        revokedAt = record.revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, scopes
        case clientID = "client_id"
        case createdAt = "created_at"
        case rotatedAt = "rotated_at"
        case revokedAt = "revoked_at"
    }
}

/// Newly issued credentials; the secret exists only in this value and is never stored.
package struct ClientCredentials: Sendable, Codable, Equatable {
    package var clientID: String
    package var clientSecret: String

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientSecret = "client_secret"
    }
}

/// Creates, lists, rotates and revokes OAuth2 clients, and checks their credentials.
package struct ClientRegistry: Sendable {
    /// The scope every client gets and a token request without `scope` asks for.
    package static let defaultScope = "api/access"
    /// The operator scope: managing publishers over HTTP. Only clients created with `--admin` may ask for it.
    package static let adminScope = "api/admin"

    private let store: any ClientStore
    private let revocations: RevocationList

    package init(store: any ClientStore, revocations: RevocationList) {
        self.store = store
        self.revocations = revocations
    }

    package func create(name: String, admin: Bool = false) async throws(StoreError) -> ClientCredentials {
        let secret = ClientSecret.makeSecret()
        let record = ClientRecord(
            id: ClientSecret.makeClientID(), name: name, secretHash: ClientSecret.hash(secret),
            scopes: admin ? "\(Self.defaultScope) \(Self.adminScope)" : Self.defaultScope, createdAt: Date())
        try await store.insert(record)
        return ClientCredentials(clientID: record.id, clientSecret: secret)
    }

    package func list() async throws(StoreError) -> [ClientSummary] {
        try await store.allClients().map(ClientSummary.init)
    }

    /// Revokes a client: no new tokens, and its tokens stop working here at once.
    /// - Returns: false when there is no such client.
    package func revoke(clientID: String) async throws(StoreError) -> Bool {
        guard let record = try await store.revoke(id: clientID, at: Date()) else { return false }
        revocations.apply(CredentialState(clientID: record.id, generation: record.generation, isRevoked: true))
        return true
    }

    /// Gives a client a new secret; the old secret and tokens issued with it stop working at once.
    /// - Returns: nil when there is no such (unrevoked) client.
    package func rotate(clientID: String) async throws(StoreError) -> ClientCredentials? {
        let secret = ClientSecret.makeSecret()
        guard let record = try await store.rotateSecret(id: clientID, newHash: ClientSecret.hash(secret), at: Date())
        else { return nil }
        revocations.apply(CredentialState(clientID: record.id, generation: record.generation, isRevoked: false))
        return ClientCredentials(clientID: record.id, clientSecret: secret)
    }

    /// The client these credentials belong to, or nil when they are wrong or the client is revoked.
    package func authenticate(clientID: String, secret: String) async throws(StoreError) -> ClientRecord? {
        guard let record = try await store.client(id: clientID) else {
            // Hash anyway so an unknown id costs the same time as a wrong secret.
            _ = ClientSecret.matches(secret, hash: Data(count: 32))
            return nil
        }
        guard ClientSecret.matches(secret, hash: record.secretHash), !record.isRevoked else { return nil }
        revocations.apply(CredentialState(clientID: record.id, generation: record.generation, isRevoked: false))
        return record
    }
}
