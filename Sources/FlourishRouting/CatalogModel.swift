/// One model of the catalog: its Gloo id, who serves it and under what name, and what it can do.
package struct CatalogModel: Codable, Sendable, Equatable {
    /// Prices in US dollars per million tokens.
    package struct Pricing: Codable, Sendable, Equatable {
        package var inputPerMillion: Double
        package var outputPerMillion: Double

        enum CodingKeys: String, CodingKey {
            case inputPerMillion = "input_per_million"
            case outputPerMillion = "output_per_million"
        }
    }

    package var id: String
    package var name: String
    package var family: ModelFamily
    package var provider: ProviderID
    /// The provider's own name for the model.
    package var upstreamModel: String
    package var tier: Tier
    package var contextWindow: Int
    package var maxOutputTokens: Int
    package var pricing: Pricing
    package var supportsTools: Bool
    package var supportsReasoning: Bool
    /// OpenAI reasoning-model rules: `max_completion_tokens` instead of `max_tokens`, default sampling only.
    package var usesReasoningParameters: Bool
    package var inputModalities: [String]
    package var description: String

    enum CodingKeys: String, CodingKey {
        case id, name, family, provider, tier, pricing, description
        case upstreamModel = "upstream_model"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case supportsTools = "supports_tools"
        case supportsReasoning = "supports_reasoning"
        case usesReasoningParameters = "uses_reasoning_parameters"
        case inputModalities = "input_modalities"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        family = try container.decode(ModelFamily.self, forKey: .family)
        provider = try container.decode(ProviderID.self, forKey: .provider)
        upstreamModel = try container.decode(String.self, forKey: .upstreamModel)
        tier = try container.decode(Tier.self, forKey: .tier)
        contextWindow = try container.decode(Int.self, forKey: .contextWindow)
        maxOutputTokens = try container.decode(Int.self, forKey: .maxOutputTokens)
        pricing = try container.decode(Pricing.self, forKey: .pricing)
        supportsTools = try container.decodeIfPresent(Bool.self, forKey: .supportsTools) ?? true
        supportsReasoning = try container.decodeIfPresent(Bool.self, forKey: .supportsReasoning) ?? false
        usesReasoningParameters = try container.decodeIfPresent(Bool.self, forKey: .usesReasoningParameters) ?? false
        inputModalities = try container.decodeIfPresent([String].self, forKey: .inputModalities) ?? ["text"]
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
    }
}
