import FlourishAuth
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// POST /oauth2/token: the client-credentials grant, answered in RFC 6749's own format.
struct TokenController {
    let grant: ClientCredentialsGrant
    /// Form bodies are tiny; anything larger is not a token request.
    static let maxBodyBytes = 16 << 10

    func addRoutes(to router: Hummingbird.Router<FlourishRequestContext>) {
        router.post("/oauth2/token", use: token)
    }

    @Sendable func token(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            return Self.response(for: OAuthError(.invalidRequest, "The request body is too large."))
        }
        do {
            let token = try await grant.token(
                authorization: request.headers[.authorization], contentType: request.headers[.contentType],
                body: body.readableBytesView)
            let payload: [String: TokenField] = [
                "access_token": .text(token.token), "token_type": .text("Bearer"),
                "expires_in": .number(token.expiresIn), "scope": .text(token.scope),
            ]
            return Self.json(payload, status: .ok)
        } catch {
            if error.code == .serverError {
                context.logger.error("Token endpoint failed", metadata: ["error": "\(error.description)"])
            }
            return Self.response(for: error)
        }
    }

    static func response(for error: OAuthError) -> Response {
        var response = json(error.body, status: .init(code: error.status))
        if error.status == 401 && error.usedBasicAuth {
            response.headers[.wwwAuthenticate] = #"Basic realm="flourish", charset="UTF-8""#
        }
        return response
    }

    /// A JSON response that no cache may keep (RFC 6749 §5.1).
    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return Response(
            status: status,
            headers: [
                .contentType: "application/json", .cacheControl: "no-store", HTTPField.Name("pragma")!: "no-cache",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A token response value: a string or a number.
enum TokenField: Encodable {
    case text(String)
    case number(Int)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        }
    }
}
