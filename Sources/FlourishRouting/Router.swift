import FlourishAPI

/// Turns a request's routing selection into a decision over the catalog.
package struct Router: Sendable {
    package let catalog: Catalog

    package init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Decides which catalog model serves a request.
    /// - Throws: `GatewayError` for an unknown model or family, or auto routing (not available yet).
    package func route(_ selection: RoutingSelection) throws(GatewayError) -> RoutingDecision {
        switch selection {
        case .model(let id):
            guard let model = catalog.model(named: id) else {
                throw GatewayError(
                    .notFound,
                    "The model '\(id)' does not exist. GET /ai/v2/models lists the available models (ids look like 'gloo-openai-gpt-5-mini').",
                    param: "model", reason: "model_not_found")
            }
            return RoutingDecision(
                model: model, mechanism: .directModelSelection, tier: nil, confidence: nil,
                reason: "the request named \(id)")
        case .family(let name):
            guard let family = ModelFamily(requestName: name) else {
                let allowed = ModelFamily.allCases.map { "'\($0.rawValue.lowercased())'" }.joined(separator: ", ")
                throw GatewayError(
                    .unprocessable, "Invalid value for 'model_family': '\(name)'. Supported values are: \(allowed).",
                    param: "model_family", reason: "invalid_value")
            }
            guard let id = catalog.familyDefaults[family], let model = catalog.model(named: id) else {
                throw GatewayError(
                    .notFound, "The catalog has no default model for the \(family.displayName) family.",
                    param: "model_family", reason: "model_not_found")
            }
            // The family's default is a fixed policy choice, not a graded guess, so its confidence is 1.
            return RoutingDecision(
                model: model, mechanism: .modelFamily, tier: model.tier, confidence: 1,
                reason: "\(id) is the catalog's default model of the \(family.displayName) family")
        case .auto:
            throw GatewayError(
                .invalidRequest,
                "'auto_routing' is not available yet on this Flourish gateway. Choose a model with 'model' (see GET /ai/v2/models) or a family with 'model_family'.",
                param: "auto_routing", reason: "auto_routing_unavailable")
        }
    }
}
