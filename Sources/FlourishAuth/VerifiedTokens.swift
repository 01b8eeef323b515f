import Crypto
import Foundation
import JWTKit
import Synchronization

/// Tokens whose signature was already checked, by their SHA-256, until they expire: an ES256 verification costs
/// far more than the rest of authenticating a request. The revocation list is still consulted on every use.
final class VerifiedTokens: Sendable {
    struct Entry: Sendable {
        var claims: AccessClaims
        var expires: Date
    }

    /// Enough for every client of a busy gateway; past it, expired entries go, then all of them.
    static let capacity = 10_000

    private let entries = Mutex<[SHA256Digest: Entry]>([:])

    func claims(for token: String, now: Date = Date()) -> AccessClaims? {
        let key = SHA256.hash(data: Data(token.utf8))
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now < entry.expires else {
                entries[key] = nil
                return nil
            }
            return entry.claims
        }
    }

    func remember(_ token: String, claims: AccessClaims, now: Date = Date()) {
        let key = SHA256.hash(data: Data(token.utf8))
        entries.withLock { entries in
            if entries.count >= Self.capacity {
                entries = entries.filter { now < $0.value.expires }
                if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(claims: claims, expires: claims.exp.value)
        }
    }
}
