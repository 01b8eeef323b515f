import FlourishAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension GatewayError {
    /// The HTTP status this error is answered with.
    var status: HTTPResponse.Status {
        switch code {
        case .invalidRequest, .invalidValue: .badRequest
        case .unprocessable: .unprocessableContent
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .payloadTooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .upstreamRejected:
            HTTPResponse.Status(code: upstreamStatus.flatMap { (400..<500).contains($0) ? $0 : nil } ?? 400)
        case .upstreamFailed: .badGateway
        case .upstreamTimeout: .gatewayTimeout
        case .providerUnavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// The envelope's `error` object.
    var envelopeBody: ErrorEnvelope.Body {
        let (type, fault, retryable): (String, ErrorEnvelope.Fault, Bool) =
            switch code {
            case .invalidRequest, .invalidValue, .unprocessable, .notFound, .payloadTooLarge, .upstreamRejected:
                ("invalid_request_error", .client, false)
            case .unauthorized: ("authentication_error", .client, false)
            case .forbidden: ("permission_error", .client, false)
            case .rateLimited: ("rate_limit_error", upstreamStatus == nil ? .client : .provider, true)
            case .upstreamFailed: ("api_error", .provider, true)
            case .upstreamTimeout: ("timeout_error", .provider, true)
            case .providerUnavailable where reason == "provider_not_configured":
                ("service_unavailable_error", .platform, false)
            case .providerUnavailable: ("service_unavailable_error", .provider, true)
            default: ("server_error", .platform, true)
            }
        return ErrorEnvelope.Body(
            message: message, type: type, param: param, code: reason, fault: fault, retryable: retryable)
    }

    /// The whole error response.
    func response(requestID: String) -> Response {
        let envelope = ErrorEnvelope(error: envelopeBody, requestID: requestID)
        var headers: HTTPFields = [.contentType: "application/json", .requestID: requestID]
        if let retryAfter {
            headers[.retryAfter] = String(retryAfter)
        }
        if code == .unauthorized {
            headers[.wwwAuthenticate] = #"Bearer realm="flourish", error="invalid_token""#
        }
        let body = (try? JSONCoding.encode(envelope)) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HTTPField.Name {
    static let requestID = Self("x-request-id")!
}
