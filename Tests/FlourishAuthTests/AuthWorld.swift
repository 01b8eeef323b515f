import FlourishAuth
import FlourishStore
import Foundation

/// A temp data directory with a store, registry and issuer, owned by one test.
struct AuthWorld {
    let directory: String
    let store: SQLiteStore
    let revocations = RevocationList()
    let registry: ClientRegistry
    let issuer: TokenIssuer
    let grant: ClientCredentialsGrant

    init(lifetime: Int = 3600) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("flourish-auth-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory + "/db.sqlite")
        registry = ClientRegistry(store: store, revocations: revocations)
        issuer = await TokenIssuer(
            signingKey: try SigningKey.loadOrCreate(in: directory), issuer: "flourish-test", lifetime: lifetime,
            revocations: revocations)
        grant = ClientCredentialsGrant(registry: registry, issuer: issuer)
    }

    func basic(_ id: String, _ secret: String) -> String {
        "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    func token(_ credentials: ClientCredentials) async throws -> AccessToken {
        try await grant.token(
            authorization: basic(credentials.clientID, credentials.clientSecret),
            contentType: "application/x-www-form-urlencoded", body: Array("grant_type=client_credentials".utf8))
    }
}
