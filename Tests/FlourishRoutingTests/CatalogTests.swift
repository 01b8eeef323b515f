import FlourishAPI
import FlourishRouting
import Foundation
import Testing

@Suite struct CatalogTests {
    static let policy = #"""
        {"tier_preference":{"tier_1":["tier_1","tier_2"],"tier_2":["tier_2","tier_3","tier_1"],"tier_3":["tier_3"]},
         "price_weights":{"input":3,"output":1},"unavailable_family":"refuse",
         "fallback":{"auto_routing":"other_provider","model_family":"same_family","max_attempts":2},
         "circuit_breaker":{"failures_to_open":5,"open_seconds":30}}
        """#
    static let glooModelIDs = [
        "gloo-openai-gpt-5-nano", "gloo-openai-gpt-5-mini", "gloo-openai-gpt-5.2", "gloo-openai-gpt-5-pro",
        "gloo-anthropic-claude-haiku-4.5", "gloo-anthropic-claude-sonnet-4.5", "gloo-anthropic-claude-opus-4.5",
        "gloo-google-gemini-2.5-flash-lite", "gloo-google-gemini-2.5-flash", "gloo-google-gemini-2.5-pro",
        "gloo-google-gemini-3-pro-preview", "gloo-meta-llama-3.1-8b-instruct", "gloo-deepseek-chat-v3.1",
        "gloo-deepseek-v3.2", "gloo-openai-gpt-oss-120b",
    ]

    @Test func builtInCatalogHasAllFifteenGlooModelsAndTheLocalOnes() throws {
        let catalog = try Catalog.builtIn()
        #expect(Set(Self.glooModelIDs).isSubset(of: Set(catalog.models.map(\.id))))
        let local = catalog.models.filter { $0.pricing.inputPerMillion == 0 }
        #expect(Set(local.map(\.upstreamModel)) == ["qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b", "smollm2-135m"])
        #expect(local.allSatisfy { $0.provider == .openSource })
    }

    @Test func builtInCatalogMapsUpstreamNamesAndMarksReasoningModels() throws {
        let catalog = try Catalog.builtIn()
        let sonnet = try #require(catalog.model(named: "gloo-anthropic-claude-sonnet-4.5"))
        #expect(sonnet.upstreamModel == "claude-sonnet-4-5")
        #expect(sonnet.provider == .anthropic)
        #expect(catalog.model(named: "gloo-google-gemini-2.5-flash")?.upstreamModel == "gemini-2.5-flash")
        let openAIModels = catalog.models.filter { $0.provider == .openai }
        #expect(openAIModels.count == 4)
        #expect(openAIModels.allSatisfy { $0.usesReasoningParameters })
        #expect(catalog.models.filter { $0.provider != .openai }.allSatisfy { !$0.usesReasoningParameters })
        #expect(catalog.model(named: "gloo-openai-gpt-oss-120b")?.family == .openSource)
    }

    @Test func everyGlooModelHasPricesContextAndTier() throws {
        for model in try Catalog.builtIn().models where Self.glooModelIDs.contains(model.id) {
            #expect(model.pricing.inputPerMillion > 0, "\(model.id)")
            #expect(model.pricing.outputPerMillion >= model.pricing.inputPerMillion, "\(model.id)")
            #expect(model.contextWindow >= 100_000, "\(model.id)")
            #expect(model.maxOutputTokens > 0, "\(model.id)")
        }
    }

    @Test func catalogFileReplacesBuiltIn() throws {
        let file = #"""
            {"version":"2026-01-01","routing_policy":\#(CatalogTests.policy),
             "models":[{"id":"gloo-local","name":"Local","family":"Open Source","provider":"open_source",
                        "upstream_model":"qwen","tier":"tier_1","context_window":32768,"max_output_tokens":4096,
                        "pricing":{"input_per_million":0,"output_per_million":0}}]}
            """#
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID()).json")
        try Data(file.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = try Catalog.load(path: url.path)
        #expect(catalog.models.map(\.id) == ["gloo-local"])
        #expect(catalog.model(named: "gloo-openai-gpt-5-mini") == nil)
    }

    @Test(arguments: [
        (#"{"version":"1","models":[]"#, "not valid"),
        (
            #"{"version":"1","models":[{"id":"a","name":"A","family":"Klingon","provider":"openai","upstream_model":"a","tier":"tier_1","context_window":1,"max_output_tokens":1,"pricing":{"input_per_million":1,"output_per_million":1}}]}"#,
            "not valid"
        ),
        (
            #"{"version":"1","routing_policy":\#(CatalogTests.policy),"models":[{"id":"a","name":"A","family":"OpenAI","provider":"openai","upstream_model":"a","tier":"tier_1","context_window":0,"max_output_tokens":1,"pricing":{"input_per_million":1,"output_per_million":1}}]}"#,
            "positive context window"
        ),
        (#"{"version":"1","models":[]}"#, "no routing_policy"),
        (
            #"{"version":"1","routing_policy":\#(CatalogTests.policy.replacingOccurrences(of: #""tier_3":["tier_3"]"#, with: #""tier_3":[]"#)),"models":[]}"#,
            "non-empty list for tier_3"
        ),
        (
            #"{"version":"1","routing_policy":\#(CatalogTests.policy.replacingOccurrences(of: #""max_attempts":2"#, with: #""max_attempts":0"#)),"models":[]}"#,
            "max_attempts"
        ),
    ])
    func rejectsBrokenCatalogFiles(file: String, expected: String) {
        #expect {
            _ = try Catalog(data: Data(file.utf8))
        } throws: { error in
            (error as? CatalogError)?.message.contains(expected) == true
        }
    }

    @Test func missingCatalogFileNamesTheVariable() {
        #expect {
            _ = try Catalog.load(path: "/nonexistent/catalog.json")
        } throws: { error in
            "\(error)".contains("FLOURISH_MODELS")
        }
    }
}
