/// A failure reported to the API caller; FlourishServer renders it as the error envelope.
package struct GatewayError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, which decides the HTTP status, error type, fault and retryability.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidRequest, invalidValue, unprocessable, unauthorized, forbidden, notFound, payloadTooLarge
            case rateLimited, upstreamRejected, upstreamFailed, upstreamTimeout, providerUnavailable, internalError
        }
        private let kind: Kind

        /// Malformed JSON, a missing or conflicting field: 400.
        package static let invalidRequest = Code(kind: .invalidRequest)
        /// A well-typed value out of its range or enumeration: 400, as OpenAI does.
        package static let invalidValue = Code(kind: .invalidValue)
        /// A Gloo field with a value outside its enumeration: 422, as Gloo does.
        package static let unprocessable = Code(kind: .unprocessable)
        /// Missing, invalid or expired credentials: 401.
        package static let unauthorized = Code(kind: .unauthorized)
        /// Valid credentials without permission: 403.
        package static let forbidden = Code(kind: .forbidden)
        /// Unknown model or resource: 404.
        package static let notFound = Code(kind: .notFound)
        /// Request body over the limit: 413.
        package static let payloadTooLarge = Code(kind: .payloadTooLarge)
        /// Too many requests, from us or from the upstream: 429.
        package static let rateLimited = Code(kind: .rateLimited)
        /// The upstream refused the request as the caller's fault; its status is kept.
        package static let upstreamRejected = Code(kind: .upstreamRejected)
        /// The upstream failed or answered with something unusable: 502.
        package static let upstreamFailed = Code(kind: .upstreamFailed)
        /// The upstream did not answer in time: 504.
        package static let upstreamTimeout = Code(kind: .upstreamTimeout)
        /// The provider is not configured or cannot be reached: 503.
        package static let providerUnavailable = Code(kind: .providerUnavailable)
        /// A fault inside Flourish: 500.
        package static let internalError = Code(kind: .internalError)

        package var description: String { kind.rawValue }
    }

    package var code: Code
    package var message: String
    /// The request parameter at fault, in the envelope's `param`.
    package var param: String?
    /// A machine-readable reason, in the envelope's `code` (e.g. `invalid_type`, `model_not_found`).
    package var reason: String?
    /// The upstream's HTTP status, for `upstreamRejected`.
    package var upstreamStatus: Int?
    /// Seconds the caller should wait, sent as Retry-After.
    package var retryAfter: Int?
    /// The cause, for logs only; never rendered to the caller.
    package var underlying: (any Error)?

    package init(
        _ code: Code, _ message: String, param: String? = nil, reason: String? = nil, upstreamStatus: Int? = nil,
        retryAfter: Int? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.param = param
        self.reason = reason
        self.upstreamStatus = upstreamStatus
        self.retryAfter = retryAfter
        self.underlying = underlying
    }

    package var description: String { "\(code): \(message)" }
}
