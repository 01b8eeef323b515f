import FlourishAuth
import Foundation
import Testing

@Suite struct TokenIssuerTests {
    private func claims(of token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        #expect(parts.count == 3)
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        let data = try #require(Data(base64Encoded: payload))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func tokensCarryTheContractClaims() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let token = try await world.token(credentials).token
        let claims = try claims(of: token)
        for name in ["iss", "sub", "client_id", "scope", "iat", "exp", "jti"] {
            #expect(claims[name] != nil, "missing \(name)")
        }
        #expect(claims["sub"] as? String == credentials.clientID)
        let iat = try #require(claims["iat"] as? Double)
        let exp = try #require(claims["exp"] as? Double)
        #expect(exp - iat == 3600)
        let header = String(token.split(separator: ".")[0])
        #expect(header.count > 10)
    }

    @Test func tamperedTokenIsRejected() async throws {
        let world = try await AuthWorld()
        let token = try await world.token(try await world.registry.create(name: "app")).token
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = String(parts[1].reversed())
        await #expect(throws: TokenRejection.self) { try await world.issuer.verify(parts.joined(separator: ".")) }
        await #expect(throws: TokenRejection.self) { try await world.issuer.verify("not-a-jwt") }
    }

    @Test func expiredTokenIsRejectedWithAClearReason() async throws {
        let world = try await AuthWorld(lifetime: -10)
        let token = try await world.token(try await world.registry.create(name: "app")).token
        await #expect {
            try await world.issuer.verify(token)
        } throws: { error in
            (error as? TokenRejection)?.reason.contains("expired") == true
        }
    }

    @Test func aVerifiedTokenIsStillRefusedOnceItsClientIsRevoked() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let token = try await world.token(credentials).token
        #expect(try await world.issuer.verify(token).clientID == credentials.clientID)
        #expect(try await world.issuer.verify(token).clientID == credentials.clientID)  // from the cache
        try await world.registry.revoke(clientID: credentials.clientID)
        await #expect {
            try await world.issuer.verify(token)
        } throws: { error in
            (error as? TokenRejection)?.reason.contains("revoked") == true
        }
    }

    @Test func tokenFromAnotherKeyIsRejected() async throws {
        let first = try await AuthWorld()
        let second = try await AuthWorld()
        let token = try await first.token(try await first.registry.create(name: "app")).token
        await #expect(throws: TokenRejection.self) { try await second.issuer.verify(token) }
    }

    @Test func signingKeyIsCreatedOnceWithOwnerOnlyPermissions() async throws {
        let world = try await AuthWorld()
        let path = world.directory + "/signing-key.pem"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let reloaded = try SigningKey.loadOrCreate(in: world.directory)
        #expect(reloaded.keyID == world.issuer.signingKey.keyID)
        let jwk = world.issuer.jwks["keys"]?.first
        #expect(jwk?["kty"] == "EC")
        #expect(jwk?["crv"] == "P-256")
        #expect(jwk?["alg"] == "ES256")
        #expect(jwk?["kid"] == reloaded.keyID)
    }
}
