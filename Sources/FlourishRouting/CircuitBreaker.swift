/// One provider's circuit breaker: closed while calls succeed; open after enough consecutive failures, when
/// routing skips the provider; after `openSeconds` one probe call may go, and its outcome closes or reopens it.
///
/// A value with the clock passed in, so the server keeps one per provider behind a lock and tests need no
/// waiting.
package struct CircuitBreaker: Sendable, Equatable {
    package enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(until: ContinuousClock.Instant)
        /// One call is trying the provider again; another may try when this one has not reported by `until`.
        case probing(until: ContinuousClock.Instant)
    }

    package private(set) var state: State = .closed(consecutiveFailures: 0)
    private let settings: RoutingPolicy.CircuitBreakerSettings

    package init(settings: RoutingPolicy.CircuitBreakerSettings) {
        self.settings = settings
    }

    private var openDuration: Duration { .milliseconds(Int64(settings.openSeconds * 1000)) }

    /// Whether routing may plan a call to the provider now; does not change the state.
    package func admitsPlanning(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed: true
        case .open(let until), .probing(let until): now >= until
        }
    }

    /// Claims the right to call the provider now: always when closed, once per open period otherwise.
    package mutating func admitCall(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed: return true
        case .open(let until), .probing(let until):
            guard now >= until else { return false }
            state = .probing(until: now + openDuration)
            return true
        }
    }

    package mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    package mutating func recordFailure(at now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures) where failures + 1 < settings.failuresToOpen:
            state = .closed(consecutiveFailures: failures + 1)
        case .closed, .probing:
            state = .open(until: now + openDuration)
        case .open:
            break
        }
    }

    /// Seconds until the provider may be tried again; 0 when it may be tried now.
    package func secondsUntilRetry(at now: ContinuousClock.Instant) -> Int {
        switch state {
        case .closed: return 0
        case .open(let until), .probing(let until):
            guard now < until else { return 0 }
            let remaining = now.duration(to: until).components
            return Int(remaining.seconds) + (remaining.attoseconds > 0 ? 1 : 0)
        }
    }
}
