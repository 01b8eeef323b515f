import FlourishAPI
import FlourishAuth
import Foundation
import Hummingbird
import Logging

/// Admits requests with a valid bearer token carrying `scope` (`api/access` unless told otherwise).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = FlourishRequestContext
    let issuer: TokenIssuer
    var scope = ClientRegistry.defaultScope

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw GatewayError(
                .unauthorized,
                "Missing bearer token. Send 'Authorization: Bearer <token>' with a token from POST /oauth2/token.",
                reason: "missing_authorization")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw GatewayError(
                .unauthorized, "The Authorization header must be 'Bearer <token>'.", reason: "invalid_authorization")
        }
        let client: AuthenticatedClient
        do {
            client = try await issuer.verify(String(parts[1].trimmingSpaces()))
        } catch {
            throw GatewayError(.unauthorized, error.reason, reason: "invalid_token")
        }
        guard client.scopes.contains(scope) else {
            throw GatewayError(
                .forbidden, "The access token lacks the scope '\(scope)'.", reason: "insufficient_scope")
        }
        var context = context
        context.client = client
        context.logger[metadataKey: "client.id"] = .string(client.clientID)
        return try await next(request, context)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs; Foundation's trimming bridges through NSString, which
    /// cost more than the rest of token checking.
    func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
