import FlourishAPI
import FlourishRouting
import Testing

@Suite struct RouterTests {
    let router: Router

    init() throws {
        router = Router(catalog: try Catalog.builtIn())
    }

    @Test func directSelectionHasNoTierOrConfidence() throws {
        let decision = try router.route(.model("gloo-deepseek-v3.2"))
        #expect(decision.mechanism == .directModelSelection)
        #expect(decision.tier == nil)
        #expect(decision.confidence == nil)
        let metadata = decision.metadata(providerName: "open-source", tradition: nil)
        #expect(metadata.modelFamily == "Open Source")
        #expect(metadata.autoRouting == false)
    }

    @Test(arguments: [
        ("openai", "gloo-openai-gpt-5-mini"), ("ANTHROPIC", "gloo-anthropic-claude-sonnet-4.5"),
        ("Google", "gloo-google-gemini-2.5-flash"), ("open source", "gloo-openai-gpt-oss-120b"),
        ("Open Source", "gloo-openai-gpt-oss-120b"),
    ])
    func familySelectionIsCaseInsensitive(family: String, model: String) throws {
        let decision = try router.route(.family(family))
        #expect(decision.model.id == model)
        #expect(decision.mechanism == .modelFamily)
        #expect(decision.tier == decision.model.tier)
        #expect(decision.confidence == 1)
    }

    @Test func unknownModelIs404() {
        #expect {
            _ = try router.route(.model("gloo-openai-gpt-9"))
        } throws: { error in
            let error = error as? GatewayError
            return error?.code == .notFound && error?.param == "model" && error?.reason == "model_not_found"
        }
    }

    @Test func unknownFamilyIs422() {
        #expect {
            _ = try router.route(.family("mistral"))
        } throws: { error in
            (error as? GatewayError)?.code == .unprocessable
        }
    }

    @Test func autoRoutingIsClearlyNotAvailableYet() {
        #expect {
            _ = try router.route(.auto)
        } throws: { error in
            let error = error as? GatewayError
            return error?.code == .invalidRequest && error?.reason == "auto_routing_unavailable"
                && error?.message.contains("not available yet") == true
        }
    }
}
