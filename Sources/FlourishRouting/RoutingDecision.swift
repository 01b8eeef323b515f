import FlourishAPI

/// How a request chose its model.
package enum RoutingMechanism: String, Sendable {
    case autoRouting = "auto_routing"
    case modelFamily = "model_family"
    case directModelSelection = "direct_model_selection"
}

/// A routing decision, made before any I/O; response metadata is read from it.
package struct RoutingDecision: Sendable, Equatable {
    package var model: CatalogModel
    package var mechanism: RoutingMechanism
    /// Set for auto_routing and model_family.
    package var tier: Tier?
    /// Set for auto_routing and model_family.
    package var confidence: Double?
    /// Why this model, in words, for logs and `flourish route`.
    package var reason: String
    /// The models to try, in order, when the chosen one fails before answering.
    package var fallbacks: [CatalogModel]

    /// Every model this request may be sent to, the chosen one first.
    package var plan: [CatalogModel] { [model] + fallbacks }

    /// The same decision with the model that actually served it.
    package func served(by model: CatalogModel) -> RoutingDecision {
        guard model != self.model else { return self }
        var served = self
        served.model = model
        served.reason += "; \(self.model.id) failed, so \(model.id) served"
        return served
    }

    /// The metadata every response and chunk carries.
    package func metadata(providerName: String, tradition: Tradition?) -> RoutingMetadata {
        RoutingMetadata(
            provider: providerName, modelFamily: model.family.displayName, autoRouting: mechanism == .autoRouting,
            routingMechanism: mechanism.rawValue, routingTier: tier?.rawValue, routingConfidence: confidence,
            tradition: tradition)
    }
}
