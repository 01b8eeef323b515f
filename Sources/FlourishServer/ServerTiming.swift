import HTTPTypes

/// Flourish's own share of a completion's time, for the `Server-Timing` header: `gateway` is the time spent in
/// Flourish (from the request's arrival to the response head, less the wait for the upstream), `routing` the
/// routing decision and `safety` the input screen, all in milliseconds.
struct ServerTiming: Sendable {
    let received: ContinuousClock.Instant
    var routing: Duration?
    var safety: Duration?
    var upstream: Duration = .zero

    init(received: ContinuousClock.Instant = .now) {
        self.received = received
    }

    /// The time `body` takes, added to `upstream`.
    mutating func waitingForUpstream<T>(_ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { upstream += ContinuousClock.now - start }
        return try await body()
    }

    func headerValue(at now: ContinuousClock.Instant = .now) -> String {
        var parts = ["gateway;dur=" + Self.milliseconds(now - received - upstream)]
        if let routing { parts.append("routing;dur=" + Self.milliseconds(routing)) }
        if let safety { parts.append("safety;dur=" + Self.milliseconds(safety)) }
        return parts.joined(separator: ", ")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let text = String(micros)
        let padded = String(repeating: "0", count: max(0, 4 - text.count)) + text
        return padded.dropLast(3) + "." + padded.suffix(3)
    }
}

extension HTTPField.Name {
    static let serverTiming = Self("server-timing")!
}
