import Foundation

/// A registered OAuth2 client as stored; the secret is kept only as a hash.
package struct ClientRecord: Codable, Sendable, Equatable {
    package var id: String
    package var name: String
    /// SHA-256 of the secret.
    package var secretHash: Data
    /// Space-separated scopes the client may request.
    package var scopes: String
    /// Grows by one at each rotation; tokens of an older generation stop working.
    package var generation: Int
    package var createdAt: Date
    package var rotatedAt: Date?
    package var revokedAt: Date?

    package init(id: String, name: String, secretHash: Data, scopes: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.secretHash = secretHash
        self.scopes = scopes
        self.generation = 1
        self.createdAt = createdAt
    }

    package var isRevoked: Bool { revokedAt != nil }

    enum CodingKeys: String, CodingKey {
        case id, name, scopes, generation
        case secretHash = "secret_hash"
        case createdAt = "created_at"
        case rotatedAt = "rotated_at"
        case revokedAt = "revoked_at"
    }
}

/// What token verification needs to know of a client: is it revoked, and which secret generation is current.
package struct CredentialState: Sendable, Equatable {
    package var clientID: String
    package var generation: Int
    package var isRevoked: Bool

    package init(clientID: String, generation: Int, isRevoked: Bool) {
        self.clientID = clientID
        self.generation = generation
        self.isRevoked = isRevoked
    }
}
