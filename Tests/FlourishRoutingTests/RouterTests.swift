import FlourishAPI
import FlourishRouting
import Foundation
import Testing

@Suite struct RouterTests {
    let router: Router
    let everything: Set<String>
    static let localOnly: Set<String> = ["gloo-qwen-2.5-coder-1.5b-instruct"]

    init() throws {
        let catalog = try Catalog.builtIn()
        router = Router(catalog: catalog, classifier: try TierClassifier.bundled())
        everything = Set(catalog.models.map(\.id))
    }

    private func request(_ routing: String, _ content: String = "Hi", extra: String = "") throws -> ChatRequest {
        let escaped = content.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        return try ChatRequest(
            bytes: Array(#"{\#(routing),"messages":[{"role":"user","content":"\#(escaped)"}]\#(extra)}"#.utf8))
    }

    @Test func directSelectionHasNoTierOrConfidenceAndIgnoresAvailability() throws {
        let decision = try router.route(try request(#""model":"gloo-deepseek-v3.2""#), available: [])
        #expect(decision.mechanism == .directModelSelection)
        #expect(decision.tier == nil)
        #expect(decision.confidence == nil)
        let metadata = decision.metadata(providerName: "open-source", tradition: nil)
        #expect(metadata.modelFamily == "Open Source")
        #expect(metadata.autoRouting == false)
    }

    @Test(arguments: [
        ("openai", ModelFamily.openai), ("ANTHROPIC", .anthropic), ("Google", .google), ("open source", .openSource),
    ])
    func familySelectionStaysInTheFamilyAndMatchesTheTier(name: String, family: ModelFamily) throws {
        let decision = try router.route(try request(#""model_family":"\#(name)""#), available: everything)
        #expect(decision.model.family == family)
        #expect(decision.mechanism == .modelFamily)
        #expect(decision.tier == .tier1)
        #expect(decision.model.tier == .tier1)
        #expect((0.5...0.99).contains(decision.confidence ?? 0))
    }

    @Test func familyWithNothingAvailableFallsBackToWhatIsAvailable() throws {
        let decision = try router.route(try request(#""model_family":"anthropic""#), available: Self.localOnly)
        #expect(decision.model.id == "gloo-qwen-2.5-coder-1.5b-instruct")
        #expect(decision.mechanism == .modelFamily)
        #expect(decision.reason.contains("no Anthropic model is available"))
    }

    @Test func autoRoutingPicksTheCheapestModelOfTheGradedTier() throws {
        let easy = try router.route(
            try request(#""auto_routing":true"#, "What is the capital of France?"), available: everything)
        #expect(easy.mechanism == .autoRouting)
        #expect(easy.tier == .tier1)
        // The local models cost nothing, so an easy question goes to one of them when it is available.
        #expect(easy.model.pricing.inputPerMillion == 0)

        let hard =
            "Prove step by step that the square root of 2 is irrational, then compare two proofs and analyze which is more elegant."
        let decision = try router.route(try request(#""auto_routing":true"#, hard), available: everything)
        #expect(decision.tier == .tier3)
        #expect(decision.model.tier == .tier3)
    }

    @Test func autoRoutingUsesTheLocalModelWhenItIsAllThereIs() throws {
        let hard = "Write a detailed exegesis of Romans 9 comparing Reformed and Arminian readings, step by step."
        let decision = try router.route(try request(#""auto_routing":true"#, hard), available: Self.localOnly)
        #expect(decision.model.id == "gloo-qwen-2.5-coder-1.5b-instruct")
        #expect(decision.tier == .tier3)
    }

    @Test func toolsExcludeModelsWithoutToolSupport() throws {
        let tools = #","tools":[{"type":"function","function":{"name":"lookup"}}]"#
        let available: Set<String> = ["gloo-huggingface-smollm2-135m-instruct", "gloo-qwen-2.5-coder-1.5b-instruct"]
        let decision = try router.route(try request(#""auto_routing":true"#, extra: tools), available: available)
        #expect(decision.model.id == "gloo-qwen-2.5-coder-1.5b-instruct")
        #expect {
            _ = try router.route(
                try request(#""auto_routing":true"#, extra: tools),
                available: ["gloo-huggingface-smollm2-135m-instruct"])
        } throws: { error in
            (error as? GatewayError)?.message.contains("with tools") == true
        }
    }

    @Test func nothingAvailableIs503NamingWhatToConfigure() {
        #expect {
            _ = try router.route(try request(#""auto_routing":true"#), available: [])
        } throws: { error in
            let error = error as? GatewayError
            return error?.code == .providerUnavailable && error?.reason == "no_provider_available"
                && error?.message.contains("OPENAI_API_KEY") == true
                && error?.message.contains("scripts/local-model start") == true
        }
    }

    @Test func unknownModelIs404() {
        #expect {
            _ = try router.route(try request(#""model":"gloo-openai-gpt-9""#), available: everything)
        } throws: { error in
            let error = error as? GatewayError
            return error?.code == .notFound && error?.param == "model" && error?.reason == "model_not_found"
        }
    }

    @Test func unknownFamilyIs422() {
        #expect {
            _ = try router.route(try request(#""model_family":"mistral""#), available: everything)
        } throws: { error in
            (error as? GatewayError)?.code == .unprocessable
        }
    }

    @Test func alternativesFollowRoutingPreferenceAndSayWhyOneWasNotUsed() throws {
        let tools = #","tools":[{"type":"function","function":{"name":"lookup"}}]"#
        let available: Set<String> = ["gloo-huggingface-smollm2-135m-instruct", "gloo-qwen-2.5-coder-1.5b-instruct"]
        let list = router.alternatives(
            for: try request(#""auto_routing":true"#, extra: tools), tier: .tier1, available: available)
        #expect(list.count == router.catalog.models.count)
        #expect(list.first?.model.tier == .tier1)
        let smol = try #require(list.first { $0.model.id == "gloo-huggingface-smollm2-135m-instruct" })
        #expect(smol.excludedBecause == "it cannot call tools")
        #expect(
            list.first { $0.model.id == "gloo-openai-gpt-5-nano" }?.excludedBecause?.contains("not configured") == true)
        #expect(list.first { $0.model.id == "gloo-qwen-2.5-coder-1.5b-instruct" }?.excludedBecause == nil)
    }

    @Test func autoRoutingFallsBackToTheSameTierOnOtherProviders() throws {
        let decision = try router.route(try request(#""auto_routing":true"#, "hi"), available: everything)
        #expect(decision.tier == .tier1)
        #expect(decision.plan.count == router.catalog.policy.fallback.maxAttempts)
        #expect(Set(decision.plan.map(\.provider)).count == decision.plan.count)
        #expect(decision.plan.allSatisfy { $0.tier == .tier1 })
        // Each fallback is its provider's cheapest tier_1 model.
        let nano = try #require(router.catalog.model(named: "gloo-openai-gpt-5-nano"))
        #expect(decision.fallbacks.first == nano)
    }

    @Test func familyRoutingFallsBackWithinTheFamily() throws {
        let hard =
            "Prove step by step that there are infinitely many primes, then give a second proof and compare them."
        let decision = try router.route(try request(#""model_family":"anthropic""#, hard), available: everything)
        #expect(decision.model.id == "gloo-anthropic-claude-opus-4.5")
        #expect(
            decision.fallbacks.map(\.id) == ["gloo-anthropic-claude-sonnet-4.5", "gloo-anthropic-claude-haiku-4.5"])
    }

    @Test func directSelectionNeverFallsBack() throws {
        let decision = try router.route(try request(#""model":"gloo-openai-gpt-5-mini""#), available: everything)
        #expect(decision.fallbacks.isEmpty)
        #expect(decision.plan.map(\.id) == ["gloo-openai-gpt-5-mini"])
    }

    @Test func theCatalogsPolicyDecidesWhichTiersMayAnswer() throws {
        // A policy that never sends tier_3 work to a smaller model, and refuses a family it cannot serve.
        let builtIn = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/FlourishRouting/Resources/catalog.json")
        var file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: builtIn)) as? [String: Any])
        var policy = try #require(file["routing_policy"] as? [String: Any])
        policy["tier_preference"] = ["tier_1": ["tier_1"], "tier_2": ["tier_2"], "tier_3": ["tier_3"]]
        policy["unavailable_family"] = "refuse"
        file["routing_policy"] = policy
        let text = String(decoding: try JSONSerialization.data(withJSONObject: file), as: UTF8.self)
        let strict = Router(catalog: try Catalog(data: Data(text.utf8)), classifier: try TierClassifier.bundled())
        let hard =
            "Prove step by step that the square root of 2 is irrational, then compare two proofs and analyze which is more elegant."
        #expect(throws: GatewayError.self) {
            try strict.route(try request(#""auto_routing":true"#, hard), available: Self.localOnly)
        }
        #expect(try router.route(try request(#""auto_routing":true"#, hard), available: Self.localOnly).tier == .tier3)
        #expect {
            try strict.route(try request(#""model_family":"anthropic""#), available: Self.localOnly)
        } throws: { error in
            (error as? GatewayError)?.param == "model_family"
        }
    }
}
