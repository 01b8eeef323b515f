import FlourishAPI
import FlourishProviders
import FlourishRouting
import HTTPTypes
import Logging

/// Calls the models of a routing plan in order until one answers, skipping providers whose breaker is
/// open, and records every attempt for the `Flourish-Attempts` header.
struct FallbackCaller: Sendable {
    let providers: ProviderDirectory
    let metrics: GatewayMetrics

    /// The first answer along the plan, with the model and provider that gave it.
    /// - Throws: `FallbackExhausted` carrying the last failure when no model answered, or at once when an
    ///   upstream refused the request as the caller's fault (another model would refuse it too).
    func firstAnswer<Answer>(
        plan: [CatalogModel], attempts: inout AttemptLog, logger: Logger,
        _ call: (any ChatProvider, CatalogModel) async throws(GatewayError) -> Answer
    ) async throws(FallbackExhausted) -> (answer: Answer, model: CatalogModel, provider: any ChatProvider) {
        var lastFailure: GatewayError?
        for model in plan {
            let provider: any ChatProvider
            do {
                provider = try providers.provider(for: model)
            } catch {
                attempts.record(model, result: "unavailable")
                lastFailure = error
                continue
            }
            guard providers.breakers.admitCall(to: model.provider) else {
                attempts.record(model, result: "circuit_open")
                let wait = providers.breakers.secondsUntilRetry(of: model.provider)
                lastFailure = GatewayError(
                    .providerUnavailable,
                    "The provider \(provider.settings.name) failed repeatedly, so Flourish is not sending it requests for the next \(wait) s.",
                    reason: "provider_circuit_open", retryAfter: max(wait, 1))
                continue
            }
            do {
                let answer = try await call(provider, model)
                metrics.recordUpstream(provider: provider.settings.name, model: model.id, status: "200")
                providers.breakers.recordSuccess(of: model.provider)
                attempts.record(model, result: "200")
                return (answer, model, provider)
            } catch {
                let status = error.upstreamStatus.map(String.init) ?? "error"
                metrics.recordUpstream(provider: provider.settings.name, model: model.id, status: status)
                guard error.warrantsFallback, !Task.isCancelled else {
                    // The provider answered (it judged the request), or the caller left: no sign of ill health.
                    providers.breakers.recordSuccess(of: model.provider)
                    attempts.record(model, result: String(error.status.code))
                    throw FallbackExhausted(failure: error, attempts: attempts)
                }
                attempts.record(model, result: error.upstreamStatus.map(String.init) ?? String(error.status.code))
                if providers.breakers.recordFailure(of: model.provider) {
                    logger.warning(
                        "Circuit breaker opened", metadata: ["provider": .string(provider.settings.name)])
                }
                logger.warning(
                    "Upstream attempt failed",
                    metadata: ["model": .string(model.id), "error.message": .string(error.message)])
                lastFailure = error
            }
        }
        var failure = lastFailure!
        if attempts.count > 1 {
            failure.message =
                "No model in the routing plan answered (\(attempts.count) tried). The last: \(failure.message)"
        }
        throw FallbackExhausted(failure: failure, attempts: attempts)
    }
}

/// The upstream calls a request made, in order: `model;provider=…;result=…` items, where the result is 200,
/// the upstream's or Flourish's error status, `circuit_open` or `unavailable`.
struct AttemptLog: Sendable {
    private var items: [String] = []

    var count: Int { items.count }

    mutating func record(_ model: CatalogModel, result: String) {
        items.append("\(model.id);provider=\(model.provider.rawValue);result=\(result)")
    }

    var headerValue: String { items.joined(separator: ", ") }
}

/// The request failed after the attempts recorded; the edge answers with the failure and the attempts header.
struct FallbackExhausted: Error {
    var failure: GatewayError
    var attempts: AttemptLog
}

extension GatewayError {
    /// Failures another model might not have: the upstream could not be reached, broke, timed out, was
    /// overloaded or rate limited, or refused Flourish's key.
    var warrantsFallback: Bool {
        switch code {
        case .upstreamFailed, .upstreamTimeout, .providerUnavailable, .rateLimited: true
        default: false
        }
    }
}

extension HTTPField.Name {
    static let flourishAttempts = Self("flourish-attempts")!
}
