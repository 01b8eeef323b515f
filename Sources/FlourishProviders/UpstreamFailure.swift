import AsyncHTTPClient
import FlourishAPI
import Foundation
import NIOCore
import NIOPosix

/// Turns an upstream's error responses and transport failures into `GatewayError`s.
package struct UpstreamFailure: Sendable {
    let settings: ProviderSettings

    /// The error for a non-2xx upstream response.
    func error(status: Int, body: [UInt8], retryAfter: String?) -> GatewayError {
        let upstreamMessage = Self.message(in: body) ?? "HTTP \(status) with no error message"
        let provider = settings.name
        switch status {
        case 401, 403:
            return GatewayError(
                .upstreamFailed,
                "The provider \(provider) refused Flourish's credentials (HTTP \(status): \(upstreamMessage)). The operator should check \(settings.apiKeyVariable).",
                reason: "provider_auth_failed", upstreamStatus: status)
        case 429:
            return GatewayError(
                .rateLimited, "The provider \(provider) is rate limiting requests: \(upstreamMessage)",
                reason: "provider_rate_limited", upstreamStatus: status, retryAfter: retryAfter.flatMap { Int($0) })
        case 408, 504:
            return GatewayError(
                .upstreamTimeout, "The provider \(provider) timed out: \(upstreamMessage)",
                reason: "provider_timeout", upstreamStatus: status)
        case 503, 529:
            return GatewayError(
                .providerUnavailable, "The provider \(provider) is overloaded or unavailable: \(upstreamMessage)",
                reason: "provider_overloaded", upstreamStatus: status, retryAfter: retryAfter.flatMap { Int($0) })
        case 400..<500:
            return GatewayError(
                .upstreamRejected, upstreamMessage, reason: "provider_rejected_request", upstreamStatus: status)
        default:
            return GatewayError(
                .upstreamFailed, "The provider \(provider) failed (HTTP \(status)): \(upstreamMessage)",
                reason: "provider_error", upstreamStatus: status)
        }
    }

    /// The error for a request that got no response.
    func error(transport error: any Error) -> GatewayError {
        let provider = settings.name
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return GatewayError(
                    .upstreamTimeout, "The provider \(provider) did not answer in time.", reason: "provider_timeout",
                    underlying: error)
            case .connectTimeout, .socksHandshakeTimeout, .tlsHandshakeTimeout:
                return unreachable(underlying: error)
            case .cancelled:
                return GatewayError(.upstreamFailed, "The request to \(provider) was cancelled.", underlying: error)
            default:
                break
            }
        }
        if error is NIOConnectionError || error is IOError {
            return unreachable(underlying: error)
        }
        if case .connectTimeout = error as? ChannelError {
            return unreachable(underlying: error)
        }
        return GatewayError(
            .upstreamFailed, "The request to the provider \(provider) failed: the connection broke.",
            reason: "provider_error", underlying: error)
    }

    private func unreachable(underlying: any Error) -> GatewayError {
        GatewayError(
            .providerUnavailable,
            "The provider \(settings.name) cannot be reached at \(settings.baseURL). The operator should check that it is running, or set \(settings.baseURLVariable).",
            reason: "provider_unavailable", underlying: underlying)
    }

    /// The human message in an upstream error body, whatever its dialect: OpenAI and llama.cpp
    /// `{"error":{"message"}}`, vLLM `{"message"}`, Ollama `{"error":"…"}`.
    static func message(in body: [UInt8]) -> String? {
        guard let json = try? JSONValue(parsing: body) else {
            let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        return json["error"]?["message"]?.stringValue ?? json["error"]?.stringValue ?? json["message"]?.stringValue
            ?? json["detail"]?.stringValue
    }
}
