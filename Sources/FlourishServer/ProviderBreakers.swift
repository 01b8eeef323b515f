import FlourishRouting
import Synchronization

/// One circuit breaker per provider, shared by all requests.
package final class ProviderBreakers: Sendable {
    private let breakers: Mutex<[ProviderID: CircuitBreaker]>
    private let clock = ContinuousClock()

    package init(settings: RoutingPolicy.CircuitBreakerSettings) {
        breakers = Mutex(
            Dictionary(uniqueKeysWithValues: ProviderID.allCases.map { ($0, CircuitBreaker(settings: settings)) }))
    }

    /// Providers routing should leave out of its plans now.
    package func skippedProviders() -> Set<ProviderID> {
        let now = clock.now
        return breakers.withLock { breakers in
            Set(breakers.filter { !$0.value.admitsPlanning(at: now) }.keys)
        }
    }

    /// Claims a call to the provider: true when its breaker is closed or this call is the probe.
    func admitCall(to provider: ProviderID) -> Bool {
        let now = clock.now
        return breakers.withLock { $0[provider]!.admitCall(at: now) }
    }

    func recordSuccess(of provider: ProviderID) {
        breakers.withLock { $0[provider]!.recordSuccess() }
    }

    /// Records a failure; true when it opened the breaker.
    func recordFailure(of provider: ProviderID) -> Bool {
        let now = clock.now
        return breakers.withLock { breakers in
            let wasOpen = if case .open = breakers[provider]!.state { true } else { false }
            breakers[provider]!.recordFailure(at: now)
            if case .open = breakers[provider]!.state { return !wasOpen }
            return false
        }
    }

    func secondsUntilRetry(of provider: ProviderID) -> Int {
        let now = clock.now
        return breakers.withLock { $0[provider]!.secondsUntilRetry(at: now) }
    }
}
