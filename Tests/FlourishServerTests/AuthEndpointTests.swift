import FlourishAPI
import FlourishAuth
import FlourishServer
import FlourishTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@Suite struct AuthEndpointTests {
    @Test func tokenEndpointAnswersPerRFC6749() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let credentials = try await world.state.registry.create(name: "app")
                let form =
                    "grant_type=client_credentials&client_id=\(credentials.clientID)&client_secret=\(credentials.clientSecret)"
                let response = try await client.execute(
                    uri: "/oauth2/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: form))
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let json = response.json
                #expect(json["token_type"] == "Bearer")
                #expect(json["expires_in"] == 3600)
                #expect(json["scope"] == "api/access")
                #expect(json["access_token"]?.stringValue?.split(separator: ".").count == 3)
            }
        }
    }

    @Test func tokenEndpointErrors() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let credentials = try await world.state.registry.create(name: "app")
                let wrong = Data("\(credentials.clientID):nope".utf8).base64EncodedString()
                let unauthorized = try await client.execute(
                    uri: "/oauth2/token", method: .post,
                    headers: [.authorization: "Basic \(wrong)", .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "grant_type=client_credentials"))
                #expect(unauthorized.status == .unauthorized)
                #expect(unauthorized.json["error"] == "invalid_client")
                #expect(unauthorized.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
                #expect(unauthorized.headers[.cacheControl] == "no-store")

                let right = Data("\(credentials.clientID):\(credentials.clientSecret)".utf8).base64EncodedString()
                let badGrant = try await client.execute(
                    uri: "/oauth2/token", method: .post,
                    headers: [.authorization: "Basic \(right)", .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "grant_type=authorization_code"))
                #expect(badGrant.status == .badRequest)
                #expect(badGrant.json["error"] == "unsupported_grant_type")
            }
        }
    }

    @Test func missingTamperedAndRevokedTokensAre401() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body = ChatCompletionsTests.hello
                let missing = try await client.chat(body, bearer: nil)
                #expect(missing.status == .unauthorized)
                #expect(missing.json["error"]?["type"] == "authentication_error")
                #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)

                let bearer = try await world.bearer(client)
                let tampered = String(bearer.dropLast(3)) + (bearer.hasSuffix("AAA") ? "BBB" : "AAA")
                #expect(try await client.chat(body, bearer: tampered).status == .unauthorized)
                #expect(try await client.chat(body, bearer: "Basic abc").status == .unauthorized)

                #expect(try await client.chat(body, bearer: bearer).status == .ok)
                for client in try await world.state.registry.list() {
                    _ = try await world.state.registry.revoke(clientID: client.clientID)
                }
                let revoked = try await client.chat(body, bearer: bearer)
                #expect(revoked.status == .unauthorized)
                #expect(revoked.json["error"]?["message"]?.stringValue?.contains("revoked") == true)
            }
        }
    }
}
