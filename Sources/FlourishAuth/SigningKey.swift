import Crypto
import Foundation
import JWTKit

/// The ES256 key that signs access tokens, kept as PEM in the data directory with mode 0600.
package struct SigningKey: Sendable {
    package let privateKey: ES256PrivateKey
    /// RFC 7638 thumbprint of the public key, used as the JWT `kid`.
    package let keyID: String
    /// The public key as a JWK: `{kty, crv, x, y, kid, use, alg}`.
    package let publicJWK: [String: String]

    package init(privateKey: ES256PrivateKey) throws(AuthSetupError) {
        guard let parameters = privateKey.publicKey.parameters else {
            throw AuthSetupError("the signing key has no public parameters")
        }
        // RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(parameters.x)","y":"\#(parameters.y)"}"#
        let thumbprint = Base64URL.encode(SHA256.hash(data: Data(canonical.utf8)))
        self.privateKey = privateKey
        self.keyID = thumbprint
        self.publicJWK = [
            "kty": "EC", "crv": "P-256", "x": parameters.x, "y": parameters.y, "kid": thumbprint, "use": "sig",
            "alg": "ES256",
        ]
    }

    /// Loads the key at `directory/signing-key.pem`, generating it on first start.
    package static func loadOrCreate(in directory: String) throws(AuthSetupError) -> SigningKey {
        let path = (directory as NSString).appendingPathComponent("signing-key.pem")
        let files = FileManager.default
        if let data = files.contents(atPath: path) {
            do {
                return try SigningKey(privateKey: ES256PrivateKey(pem: data))
            } catch {
                throw AuthSetupError("cannot read the signing key at \(path): \(error)")
            }
        }
        let key = ES256PrivateKey()
        let created = files.createFile(
            atPath: path, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw AuthSetupError("cannot write the signing key to \(path)") }
        return try SigningKey(privateKey: key)
    }
}

/// Auth cannot start: the key or data directory is unusable.
package struct AuthSetupError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
