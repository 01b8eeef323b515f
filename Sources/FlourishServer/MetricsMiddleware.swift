import Hummingbird

/// Counts requests by matched route and status, and times them.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = FlourishRequestContext
    let metrics: GatewayMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        // Unmatched paths share one label so the series stay bounded.
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}
