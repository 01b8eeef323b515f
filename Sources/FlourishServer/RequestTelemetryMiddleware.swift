import Hummingbird
import Logging

/// The outermost middleware: gives each request its id, then counts, times and logs it in one line.
struct RequestTelemetryMiddleware: RouterMiddleware {
    typealias Context = FlourishRequestContext
    let metrics: GatewayMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        if let given = request.headers[.requestID], RequestID.isAcceptable(given) {
            context.requestID = given
        }
        context.logger[metadataKey: "request.id"] = .string(context.requestID)
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        // Unmatched paths share one label so the series stay bounded.
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - start
        metrics.recordRequest(route: route, status: response.status.code, duration: elapsed)
        context.logger.info(
            "Request",
            metadata: [
                "http.method": .string(request.method.rawValue), "http.route": .string(route),
                "http.status": .stringConvertible(response.status.code),
                "duration.ms": .stringConvertible((elapsed / .milliseconds(1) * 1000).rounded() / 1000),
            ])
        return response
    }
}
