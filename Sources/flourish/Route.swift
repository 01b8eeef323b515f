import ArgumentParser
import FlourishAPI
import FlourishProviders
import FlourishRouting
import FlourishServer
import Foundation

struct Route: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain the routing decision for a prompt or a conversation file.",
        discussion: """
            Models count as available when their provider's key is set in the environment; open-source models \
            count as available unless --no-open-source is given (the server is not asked).
            """)

    @OptionGroup var environment: EnvironmentOptions

    @Argument(help: "A prompt, or with --file a path to a request or messages JSON file.") var input: String

    @Flag(help: "Read a Completions V2 request body (or a bare messages array) from the path.") var file = false

    @Option(help: "Route by family instead of auto routing (openai, anthropic, google, open source).")
    var family: String?

    @Flag(help: "Treat the open-source models as unavailable.") var noOpenSource = false

    @Option(help: "Also time the decision this many times and print its p50, p90, p99 and maximum.")
    var time: Int?

    func run() async throws {
        let configuration = environment.configuration()
        let catalog = try Catalog.load(path: configuration.modelsPath)
        let router = Router(catalog: catalog, classifier: try TierClassifier.bundled())
        let request = try ChatRequest(json: try requestJSON())
        let upstreams = configuration.upstreams
        let configured: [ProviderID: Bool] = [
            .openai: upstreams.openAI.isConfigured, .anthropic: upstreams.anthropic.isConfigured,
            .google: upstreams.gemini.isConfigured, .openSource: !noOpenSource,
        ]
        let available = Set(catalog.models.filter { configured[$0.provider] == true }.map(\.id))
        let grade = router.grade(request)
        print("tier:        \(grade.tier.rawValue)  (confidence \(String(format: "%.3f", grade.confidence)))")
        print("evidence:    \(grade.evidence)")
        do {
            let decision = try router.route(request, available: available)
            print(
                "chosen:      \(decision.model.id)  (\(decision.model.family.displayName), \(decision.model.tier.rawValue))"
            )
            print("why:         \(decision.reason)")
            print(
                "fallbacks:   \(decision.fallbacks.isEmpty ? "none" : decision.fallbacks.map(\.id).joined(separator: ", "))"
            )
        } catch {
            print("chosen:      none: \(error.message)")
        }
        print("alternatives, in routing's order of preference:")
        for (model, excluded) in router.alternatives(for: request, tier: grade.tier, available: available).prefix(10) {
            let price = String(
                format: "$%.2f/$%.2f per M", model.pricing.inputPerMillion, model.pricing.outputPerMillion)
            print(
                "  \(model.id.padding(toLength: 42, withPad: " ", startingAt: 0)) \(model.tier.rawValue)  \(price)"
                    + (excluded.map { "  (not used: \($0))" } ?? ""))
        }
        if let time { timeDecision(router: router, request: request, available: available, runs: time) }
    }

    /// Times whole decisions (grading and planning) in this process, after a warm-up.
    private func timeDecision(router: Router, request: ChatRequest, available: Set<String>, runs: Int) {
        let clock = ContinuousClock()
        for _ in 0..<min(runs, 200) { _ = try? router.route(request, available: available) }
        var samples: [Duration] = []
        samples.reserveCapacity(runs)
        for _ in 0..<max(runs, 1) {
            let start = clock.now
            _ = try? router.route(request, available: available)
            samples.append(start.duration(to: clock.now))
        }
        samples.sort()
        func microseconds(_ quantile: Double) -> String {
            let sample = samples[min(samples.count - 1, Int(Double(samples.count) * quantile))]
            let (seconds, attoseconds) = sample.components
            return String(format: "%.1f", Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
        }
        let characters = request.messages.reduce(0) { $0 + ($1.content?.plainText.count ?? 0) }
        print(
            "decision time over \(samples.count) runs (\(request.messages.count) messages, \(characters) characters): "
                + "p50 \(microseconds(0.5)) µs, p90 \(microseconds(0.9)) µs, p99 \(microseconds(0.99)) µs, "
                + "max \(microseconds(1)) µs")
    }

    private func requestJSON() throws -> JSONValue {
        let routing: JSONValue = family.map { .string($0) } ?? .bool(true)
        let routingKey = family == nil ? "auto_routing" : "model_family"
        guard file else {
            return .object([routingKey: routing, "messages": [["role": "user", "content": .string(input)]]])
        }
        guard let data = FileManager.default.contents(atPath: input) else {
            throw ValidationError("Cannot read \(input).")
        }
        let json = try JSONDecoder().decode(JSONValue.self, from: data)
        var object = json.objectValue ?? ["messages": json]
        for key in ["model", "auto_routing", "model_family"] { object.removeValue(forKey: key) }
        object[routingKey] = routing
        return .object(object)
    }
}
