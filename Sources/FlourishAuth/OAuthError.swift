/// An RFC 6749 §5.2 token-endpoint error.
package struct OAuthError: Error, Sendable, Equatable {
    package enum Code: String, Sendable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        case serverError = "server_error"
    }

    package var code: Code
    package var description: String
    /// True when the client authenticated with HTTP Basic, which asks for a WWW-Authenticate challenge on 401.
    package var usedBasicAuth: Bool = false

    package init(_ code: Code, _ description: String, usedBasicAuth: Bool = false) {
        self.code = code
        self.description = description
        self.usedBasicAuth = usedBasicAuth
    }

    /// 401 for client authentication failures, 500 for ours, 400 otherwise.
    package var status: Int {
        switch code {
        case .invalidClient: 401
        case .serverError: 500
        default: 400
        }
    }

    /// The JSON body: `{"error": …, "error_description": …}`.
    package var body: [String: String] {
        ["error": code.rawValue, "error_description": description]
    }
}
