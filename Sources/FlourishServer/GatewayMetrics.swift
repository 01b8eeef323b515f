import FlourishAPI
import Foundation
import Prometheus

/// Flourish's Prometheus series, kept in a registry the application owns (no global metrics system).
package struct GatewayMetrics: Sendable {
    package let registry: PrometheusCollectorRegistry

    private static let requests = Series(
        MetricNameDescriptor(
            namespace: "flourish", metricName: "http_requests", unitName: "total",
            helpText: "HTTP requests by matched route and status."))
    private static let requestDuration = Series(
        MetricNameDescriptor(
            namespace: "flourish", metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time to the response head (a stream's first byte), by route."))
    private static let upstreamResponses = Series(
        MetricNameDescriptor(
            namespace: "flourish", metricName: "upstream_responses", unitName: "total",
            helpText: "Upstream answers by provider, catalog model and HTTP status (error: no answer)."))
    private static let tokens = Series(
        MetricNameDescriptor(
            namespace: "flourish", metricName: "tokens", unitName: "total",
            helpText: "Tokens reported by upstreams, by catalog model and type (prompt, completion)."))
    private static let safetyFindings = Series(
        MetricNameDescriptor(
            namespace: "flourish", metricName: "safety_findings", unitName: "total",
            helpText: "Values-layer findings by category, action and stage (input, output)."))

    /// A series' full name and help, worked out once rather than on every observation.
    private struct Series {
        let name: String
        let help: String

        init(_ descriptor: MetricNameDescriptor) {
            name = descriptor.name
            help = descriptor.helpText ?? ""
        }
    }

    private static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        .seconds(120), .seconds(300), .seconds(600),
    ]

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// One HTTP request finished (for streams: its head was sent).
    func recordRequest(route: String, status: Int, duration: Duration) {
        count(Self.requests, [("route", route), ("status", String(status))])
        registry.makeDurationHistogram(
            name: Self.requestDuration.name, labels: [("route", route)], buckets: Self.durationBuckets,
            help: Self.requestDuration.help
        ).recordNanoseconds(duration.nanoseconds)
    }

    /// An upstream answered (status) or failed before answering ("error").
    func recordUpstream(provider: String, model: String, status: String) {
        count(Self.upstreamResponses, [("provider", provider), ("model", model), ("status", status)])
    }

    func recordUsage(model: String, promptTokens: Int, completionTokens: Int) {
        count(Self.tokens, [("model", model), ("type", "prompt")], by: promptTokens)
        count(Self.tokens, [("model", model), ("type", "completion")], by: completionTokens)
    }

    /// What the values layer found in one request or answer.
    func recordSafety(_ findings: [SafetyReport.Finding]) {
        for finding in findings {
            count(
                Self.safetyFindings,
                [
                    ("category", finding.category.rawValue), ("action", finding.action.rawValue),
                    ("stage", finding.stage.rawValue),
                ])
        }
    }

    private func count(_ series: Series, _ labels: [(String, String)], by amount: Int = 1) {
        registry.makeCounter(name: series.name, labels: labels, help: series.help).increment(by: Int64(amount))
    }

    /// The text exposition of every series.
    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
