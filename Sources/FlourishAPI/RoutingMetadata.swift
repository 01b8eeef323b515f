/// The routing facts every response and stream chunk carries (CONTRACT.md).
package struct RoutingMetadata: Sendable, Equatable, Codable {
    package var provider: String
    /// Title case: OpenAI, Anthropic, Google, Open Source.
    package var modelFamily: String
    package var autoRouting: Bool
    /// auto_routing, model_family or direct_model_selection.
    package var routingMechanism: String
    /// tier_1…tier_3, for auto_routing and model_family only.
    package var routingTier: String?
    /// 0–1, three decimals, for auto_routing and model_family only.
    package var routingConfidence: Double?
    package var tradition: Tradition?

    package init(
        provider: String, modelFamily: String, autoRouting: Bool, routingMechanism: String, routingTier: String?,
        routingConfidence: Double?, tradition: Tradition?
    ) {
        self.provider = provider
        self.modelFamily = modelFamily
        self.autoRouting = autoRouting
        self.routingMechanism = routingMechanism
        self.routingTier = routingTier
        self.routingConfidence = routingConfidence.map { ($0 * 1000).rounded() / 1000 }
        self.tradition = tradition
    }

    enum CodingKeys: String, CodingKey {
        case provider
        case modelFamily = "model_family"
        case autoRouting = "auto_routing"
        case routingMechanism = "routing_mechanism"
        case routingTier = "routing_tier"
        case routingConfidence = "routing_confidence"
        case tradition
    }
}
