/// The routing facts every response and stream chunk carries (CONTRACT.md).
package struct RoutingMetadata: Sendable, Equatable, JSONMapped {
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
}

extension RoutingMetadata {
    package init(json: JSONValue) throws(JSONShapeError) {
        let fields = try JSONFields(json, name: "routing")
        self.init(
            provider: try fields.string("provider") ?? "", modelFamily: try fields.string("model_family") ?? "",
            autoRouting: try fields.bool("auto_routing") ?? false,
            routingMechanism: try fields.string("routing_mechanism") ?? "",
            routingTier: try fields.string("routing_tier"),
            routingConfidence: try fields.number("routing_confidence"),
            tradition: try fields.string("tradition").flatMap(Tradition.init(rawValue:)))
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = [:]
        add(to: &members)
        return .object(members)
    }

    /// Adds the routing members beside a response's or chunk's own, as Gloo sends them.
    package func add(to members: inout [String: JSONValue]) {
        members["provider"] = .string(provider)
        members["model_family"] = .string(modelFamily)
        members["auto_routing"] = .bool(autoRouting)
        members["routing_mechanism"] = .string(routingMechanism)
        members.setIfPresent("routing_tier", routingTier.map(JSONValue.string))
        members.setIfPresent("routing_confidence", routingConfidence.map(JSONValue.double))
        members.setIfPresent("tradition", tradition.map { .string($0.rawValue) })
    }
}
