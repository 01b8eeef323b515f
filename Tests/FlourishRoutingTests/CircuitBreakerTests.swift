import FlourishRouting
import Testing

@Suite struct CircuitBreakerTests {
    let start = ContinuousClock.now

    /// A breaker that opens after three failures for 30 s, already tripped at `start` when asked.
    private func breaker(tripped: Bool = false) -> CircuitBreaker {
        var breaker = CircuitBreaker(settings: .init(failuresToOpen: 3, openSeconds: 30))
        if tripped { for _ in 0..<3 { breaker.recordFailure(at: start) } }
        return breaker
    }

    @Test func opensAfterConsecutiveFailuresOnly() {
        var breaker = breaker()
        breaker.recordFailure(at: start)
        breaker.recordFailure(at: start)
        breaker.recordSuccess()
        breaker.recordFailure(at: start)
        breaker.recordFailure(at: start)
        let stillClosed = breaker.admitCall(at: start)
        #expect(stillClosed)
        breaker.recordFailure(at: start)
        #expect(breaker.state == .open(until: start + .seconds(30)))
        #expect(!breaker.admitsPlanning(at: start + .seconds(29)))
        let admittedWhileOpen = breaker.admitCall(at: start + .seconds(29))
        #expect(!admittedWhileOpen)
        #expect(breaker.secondsUntilRetry(at: start + .milliseconds(500)) == 30)
    }

    @Test func letsOneProbeThroughAfterTheOpenPeriod() {
        var breaker = breaker(tripped: true)
        let later = start + .seconds(31)
        #expect(breaker.admitsPlanning(at: later))
        let probe = breaker.admitCall(at: later)
        // The probe is in flight: everyone else keeps skipping the provider.
        let second = breaker.admitCall(at: later)
        #expect(probe && !second)
        #expect(!breaker.admitsPlanning(at: later + .seconds(1)))
        breaker.recordSuccess()
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        #expect(breaker.admitsPlanning(at: later))
    }

    @Test func aFailedProbeReopensAtOnce() {
        var breaker = breaker(tripped: true)
        let later = start + .seconds(31)
        let probe = breaker.admitCall(at: later)
        breaker.recordFailure(at: later)
        #expect(probe)
        #expect(breaker.state == .open(until: later + .seconds(30)))
    }

    @Test func aProbeThatNeverReportsDoesNotBlockForever() {
        var breaker = breaker(tripped: true)
        let first = breaker.admitCall(at: start + .seconds(31))
        let next = breaker.admitCall(at: start + .seconds(62))
        #expect(first && next)
    }
}
