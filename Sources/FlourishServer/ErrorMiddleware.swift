import FlourishAPI
import Hummingbird
import Logging

/// Renders every failure, ours or the framework's, as the error envelope, once.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = FlourishRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GatewayError {
            log(error, logger: context.logger)
            return error.response(requestID: context.requestID)
        } catch let exhausted as FallbackExhausted {
            log(exhausted.failure, logger: context.logger)
            var response = exhausted.failure.response(requestID: context.requestID)
            response.headers[.flourishAttempts] = exhausted.attempts.headerValue
            return response
        } catch let error as any HTTPResponseError {
            return Self.gatewayError(for: error.status).response(requestID: context.requestID)
        } catch {
            context.logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            return GatewayError(.internalError, "Flourish failed to handle the request.")
                .response(requestID: context.requestID)
        }
    }

    private func log(_ error: GatewayError, logger: Logger) {
        var metadata: Logger.Metadata = ["error.code": "\(error.code)", "error.message": "\(error.message)"]
        if let underlying = error.underlying { metadata["error.underlying"] = "\(String(reflecting: underlying))" }
        switch error.code {
        case .providerUnavailable where error.reason == "provider_not_configured":
            logger.debug("Provider not configured", metadata: metadata)
        case .upstreamFailed, .upstreamTimeout, .providerUnavailable:
            logger.warning("Upstream failed", metadata: metadata)
        case .internalError: logger.error("Request failed", metadata: metadata)
        default: logger.debug("Request refused", metadata: metadata)
        }
    }

    /// Framework errors (unknown path, body too large, wrong method) in our envelope.
    static func gatewayError(for status: HTTPResponse.Status) -> GatewayError {
        switch status {
        case .notFound:
            GatewayError(
                .notFound, "There is no such endpoint. See the README for Flourish's API.", reason: "not_found")
        case .contentTooLarge:
            GatewayError(.payloadTooLarge, "The request body is too large.", reason: "request_too_large")
        case .methodNotAllowed:
            GatewayError(.invalidRequest, "This endpoint does not accept that method.", reason: "method_not_allowed")
        case .unauthorized:
            GatewayError(.unauthorized, "Authentication failed.", reason: "invalid_token")
        default:
            GatewayError(
                status.code >= 500 ? .internalError : .invalidRequest, "The request failed (HTTP \(status.code)).")
        }
    }
}
