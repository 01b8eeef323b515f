import FlourishStore
import Foundation
import JWTKit

/// An issued access token and what the token endpoint returns with it.
package struct AccessToken: Sendable, Equatable {
    package var token: String
    package var expiresIn: Int
    package var scope: String
}

/// A caller whose bearer token checked out.
package struct AuthenticatedClient: Sendable, Equatable {
    package var clientID: String
    package var scopes: [String]
}

/// Issues ES256 access tokens and verifies them: signature, expiry, issuer, then the revocation list.
package struct TokenIssuer: Sendable {
    package let issuer: String
    package let lifetime: Int
    package let signingKey: SigningKey
    private let keys: JWTKeyCollection
    private let revocations: RevocationList
    private let verified = VerifiedTokens()

    package init(signingKey: SigningKey, issuer: String, lifetime: Int, revocations: RevocationList) async {
        self.issuer = issuer
        self.lifetime = lifetime
        self.signingKey = signingKey
        self.revocations = revocations
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: signingKey.privateKey, kid: JWKIdentifier(string: signingKey.keyID))
        self.keys = keys
    }

    package func issueToken(for client: ClientRecord, scope: String) async throws(AuthSetupError) -> AccessToken {
        let now = Date()
        let claims = AccessClaims(
            iss: .init(value: issuer), sub: .init(value: client.id), clientID: client.id, scope: scope,
            iat: .init(value: now), exp: .init(value: now.addingTimeInterval(TimeInterval(lifetime))),
            jti: .init(value: UUID().uuidString.lowercased()), tokenUse: "access", generation: client.generation)
        do {
            let token = try await keys.sign(claims, kid: JWKIdentifier(string: signingKey.keyID))
            return AccessToken(token: token, expiresIn: lifetime, scope: scope)
        } catch {
            throw AuthSetupError("cannot sign a token: \(error)")
        }
    }

    /// Checks a bearer token.
    /// - Throws: `TokenRejection` saying why, for the 401 message.
    package func verify(_ token: String) async throws(TokenRejection) -> AuthenticatedClient {
        let claims: AccessClaims
        if let known = verified.claims(for: token) {
            claims = known
        } else {
            do {
                claims = try await keys.verify(token, as: AccessClaims.self)
            } catch let error as JWTError where error.errorType == .claimVerificationFailure {
                throw TokenRejection(
                    reason: "The access token has expired. Request a new one from POST /oauth2/token.")
            } catch {
                throw TokenRejection(reason: "The access token is invalid.")
            }
            guard claims.iss.value == issuer, claims.tokenUse == "access" else {
                throw TokenRejection(reason: "The access token was not issued by this gateway.")
            }
            verified.remember(token, claims: claims)
        }
        guard revocations.allows(clientID: claims.clientID, generation: claims.generation) else {
            throw TokenRejection(reason: "The access token was revoked: its client was revoked or its secret rotated.")
        }
        return AuthenticatedClient(clientID: claims.clientID, scopes: claims.scopes.map(String.init))
    }

    /// The JSON Web Key Set that verifies this gateway's tokens.
    package var jwks: [String: [[String: String]]] {
        ["keys": [signingKey.publicJWK]]
    }
}

/// Why a bearer token was refused.
package struct TokenRejection: Error, Sendable, Equatable {
    package var reason: String
}
