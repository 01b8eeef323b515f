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

    /// The metadata every response and chunk carries.
    package func metadata(providerName: String, tradition: Tradition?) -> RoutingMetadata {
        RoutingMetadata(
            provider: providerName, modelFamily: model.family.displayName, autoRouting: mechanism == .autoRouting,
            routingMechanism: mechanism.rawValue, routingTier: tier?.rawValue, routingConfidence: confidence,
            tradition: tradition)
    }
}
