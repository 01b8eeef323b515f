import FlourishStore
import Foundation

/// The token endpoint's logic (RFC 6749 §4.4), free of any HTTP framework.
package struct ClientCredentialsGrant: Sendable {
    /// Scopes this gateway knows; a request for any other is `invalid_scope`.
    package static let knownScopes: Set<String> = [ClientRegistry.defaultScope, ClientRegistry.adminScope]

    private let registry: ClientRegistry
    private let issuer: TokenIssuer

    package init(registry: ClientRegistry, issuer: TokenIssuer) {
        self.registry = registry
        self.issuer = issuer
    }

    /// Handles one token request.
    /// - Parameters:
    ///   - authorization: the Authorization header, if any.
    ///   - contentType: the Content-Type header, if any.
    ///   - body: the raw form body.
    package func token(
        authorization: String?, contentType: String?, body: some Sequence<UInt8>
    ) async throws(OAuthError) -> AccessToken {
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw OAuthError(.invalidRequest, "The body must be application/x-www-form-urlencoded.")
        }
        guard let parameters = FormDecoding.parameters(body) else {
            throw OAuthError(.invalidRequest, "The form body has a malformed percent-encoding.")
        }
        var form: [String: String] = [:]
        for (name, value) in parameters {
            guard form.updateValue(value, forKey: name) == nil else {
                throw OAuthError(.invalidRequest, "The parameter '\(name)' appears more than once.")
            }
        }
        let basic = try authorization.map { header throws(OAuthError) in try Self.basicCredentials(header) }
        let posted = (form["client_id"], form["client_secret"])
        if basic != nil && (posted.0 != nil || posted.1 != nil) {
            throw OAuthError(
                .invalidRequest, "Use one client authentication method: HTTP Basic or form fields, not both.")
        }
        guard let grantType = form["grant_type"] else {
            throw OAuthError(.invalidRequest, "The parameter 'grant_type' is required.")
        }
        guard grantType == "client_credentials" else {
            throw OAuthError(.unsupportedGrantType, "Only the client_credentials grant is supported.")
        }
        let usedBasic = basic != nil
        guard let (clientID, secret) = basic ?? posted.0.flatMap({ id in posted.1.map { (id, $0) } }) else {
            throw OAuthError(.invalidClient, "Client authentication is required: send client_id and client_secret.")
        }
        let scope = try Self.grantedScope(form["scope"])
        let client: ClientRecord?
        do {
            client = try await registry.authenticate(clientID: clientID, secret: secret)
        } catch {
            throw OAuthError(.serverError, "The client registry is unavailable.")
        }
        guard let client else {
            throw OAuthError(.invalidClient, "Client authentication failed.", usedBasicAuth: usedBasic)
        }
        let allowed = Set(client.scopes.split(separator: " ").map(String.init))
        guard scope.split(separator: " ").allSatisfy({ allowed.contains(String($0)) }) else {
            throw OAuthError(.invalidScope, "The client may not request the scope '\(scope)'.")
        }
        do {
            return try await issuer.issueToken(for: client, scope: scope)
        } catch {
            throw OAuthError(.serverError, "The token could not be signed.")
        }
    }

    /// The id and secret of an HTTP Basic header, each form-decoded as RFC 6749 §2.3.1 asks.
    static func basicCredentials(_ header: String) throws(OAuthError) -> (String, String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic" else {
            throw OAuthError(.invalidClient, "Only HTTP Basic client authentication is supported.")
        }
        guard let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let colon = decoded.firstIndex(of: UInt8(ascii: ":")),
            let clientID = FormDecoding.decode(decoded[..<colon]),
            let secret = FormDecoding.decode(decoded[decoded.index(after: colon)...])
        else {
            throw OAuthError(.invalidClient, "The HTTP Basic credentials are malformed.", usedBasicAuth: true)
        }
        return (clientID, secret)
    }

    /// The requested scope, or the default when none was asked for.
    static func grantedScope(_ requested: String?) throws(OAuthError) -> String {
        guard let requested, !requested.trimmingCharacters(in: .whitespaces).isEmpty else {
            return ClientRegistry.defaultScope
        }
        let scopes = requested.split(separator: " ").map(String.init)
        guard let unknown = scopes.first(where: { !knownScopes.contains($0) }) else {
            return scopes.joined(separator: " ")
        }
        throw OAuthError(
            .invalidScope, "The scope '\(unknown)' is not known. Use 'api/access' (or 'api/admin' for operators).")
    }
}
