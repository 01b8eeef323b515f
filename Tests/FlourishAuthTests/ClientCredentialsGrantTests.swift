import FlourishAuth
import FlourishStore
import Foundation
import Testing

@Suite struct ClientCredentialsGrantTests {
    private let form = "application/x-www-form-urlencoded"

    private func oauthError(_ body: String, authorization: String? = nil, contentType: String? = nil, world: AuthWorld)
        async -> OAuthError?
    {
        do {
            _ = try await world.grant.token(
                authorization: authorization, contentType: contentType ?? form, body: Array(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func basicAuthGetsAnHourLongTokenWithDefaultScope() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let token = try await world.token(credentials)
        #expect(token.expiresIn == 3600)
        #expect(token.scope == "api/access")
        let client = try await world.issuer.verify(token.token)
        #expect(client.clientID == credentials.clientID)
        #expect(client.scopes == ["api/access"])
    }

    @Test func percentEncodedBasicCredentialsAreDecoded() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let encodedSecret = credentials.clientSecret.utf8.map { String(format: "%%%02X", $0) }.joined()
        let token = try await world.grant.token(
            authorization: world.basic(credentials.clientID, encodedSecret), contentType: form,
            body: Array("grant_type=client_credentials&scope=api%2Faccess".utf8))
        #expect(token.scope == "api/access")
    }

    @Test func formFieldsWithoutScopeWork() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let token = try await world.grant.token(
            authorization: nil, contentType: "application/x-www-form-urlencoded; charset=utf-8",
            body: Array(
                "grant_type=client_credentials&client_id=\(credentials.clientID)&client_secret=\(credentials.clientSecret)"
                    .utf8))
        #expect(token.scope == "api/access")
    }

    @Test func wrongSecretIsInvalidClientWithChallengeForBasic() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let basic = await oauthError(
            "grant_type=client_credentials", authorization: world.basic(credentials.clientID, "wrong"), world: world)
        #expect(basic?.code == .invalidClient)
        #expect(basic?.status == 401)
        #expect(basic?.usedBasicAuth == true)
        let posted = await oauthError(
            "grant_type=client_credentials&client_id=\(credentials.clientID)&client_secret=wrong", world: world)
        #expect(posted?.code == .invalidClient)
        #expect(posted?.usedBasicAuth == false)
    }

    @Test func requestErrorsFollowRFC6749() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let auth = world.basic(credentials.clientID, credentials.clientSecret)
        #expect(await oauthError("", authorization: auth, world: world)?.code == .invalidRequest)
        #expect(
            await oauthError("grant_type=password", authorization: auth, world: world)?.code == .unsupportedGrantType)
        #expect(
            await oauthError("grant_type=client_credentials&scope=admin", authorization: auth, world: world)?.code
                == .invalidScope)
        #expect(
            await oauthError(
                "grant_type=client_credentials&grant_type=client_credentials", authorization: auth, world: world)?.code
                == .invalidRequest)
        #expect(
            await oauthError(
                "grant_type=client_credentials", authorization: auth, contentType: "application/json", world: world)?
                .code == .invalidRequest)
        #expect(
            await oauthError("grant_type=client_credentials%ZZ", authorization: auth, world: world)?.code
                == .invalidRequest)
        #expect(await oauthError("grant_type=client_credentials", world: world)?.code == .invalidClient)
        #expect(
            await oauthError("grant_type=client_credentials", authorization: "Basic !!!", world: world)?.code
                == .invalidClient)
        let both = await oauthError(
            "grant_type=client_credentials&client_id=\(credentials.clientID)&client_secret=\(credentials.clientSecret)",
            authorization: auth, world: world)
        #expect(both?.code == .invalidRequest)
    }

    @Test func revokedClientGetsNoTokenAndItsTokensStopAtOnce() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let token = try await world.token(credentials)
        #expect(try await world.registry.revoke(clientID: credentials.clientID))
        await #expect(throws: OAuthError.self) { try await world.token(credentials) }
        await #expect(throws: TokenRejection.self) { try await world.issuer.verify(token.token) }
    }

    @Test func rotationRetiresTheOldSecretAndItsTokens() async throws {
        let world = try await AuthWorld()
        let old = try await world.registry.create(name: "app")
        let oldToken = try await world.token(old)
        let new = try #require(try await world.registry.rotate(clientID: old.clientID))
        #expect(new.clientSecret != old.clientSecret)
        await #expect(throws: OAuthError.self) { try await world.token(old) }
        await #expect(throws: TokenRejection.self) { try await world.issuer.verify(oldToken.token) }
        let newToken = try await world.token(new)
        #expect(try await world.issuer.verify(newToken.token).clientID == old.clientID)
    }

    @Test func secretsAreStoredOnlyAsHashes() async throws {
        let world = try await AuthWorld()
        let credentials = try await world.registry.create(name: "app")
        let record = try #require(try await world.store.client(id: credentials.clientID))
        #expect(record.secretHash == ClientSecret.hash(credentials.clientSecret))
        #expect(!String(decoding: record.secretHash, as: UTF8.self).contains(credentials.clientSecret))
        #expect(credentials.clientSecret.count >= 43)
    }
}
