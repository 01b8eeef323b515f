import JWTKit

/// The claims of a Flourish access token.
package struct AccessClaims: JWTPayload, Equatable {
    package var iss: IssuerClaim
    package var sub: SubjectClaim
    package var clientID: String
    package var scope: String
    package var iat: IssuedAtClaim
    package var exp: ExpirationClaim
    package var jti: IDClaim
    package var tokenUse: String
    /// The client's secret generation when the token was issued; rotation makes older ones invalid.
    package var generation: Int

    enum CodingKeys: String, CodingKey {
        case iss, sub, scope, iat, exp, jti
        case clientID = "client_id"
        case tokenUse = "token_use"
        case generation = "gen"
    }

    package func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }

    /// The scopes granted, split on spaces.
    package var scopes: [Substring] { scope.split(separator: " ") }
}
