import Crypto
import Foundation

/// Generation, hashing and constant-time checking of client ids and secrets.
package enum ClientSecret {
    /// A new client id: 24 lowercase letters and digits (about 124 bits).
    package static func makeClientID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<24).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
    }

    /// A new secret: 32 random bytes, base64url without padding (256 bits).
    package static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(bytes)
    }

    /// SHA-256 of the secret; a 256-bit random secret needs no slow hash to resist guessing.
    package static func hash(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Whether `secret` hashes to `expectedHash`, comparing every byte whatever the first difference.
    package static func matches(_ secret: String, hash expectedHash: Data) -> Bool {
        let actual = hash(secret)
        guard actual.count == expectedHash.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(actual, expectedHash) {
            difference |= left ^ right
        }
        return difference == 0
    }
}

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
package enum Base64URL {
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
