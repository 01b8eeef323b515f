import FlourishAPI

/// How a request chose its model.
package enum RoutingMechanism: String, Sendable {
    case autoRouting = "auto_routing"
    case modelFamily = "model_family"
    case directModelSelection = "direct_model_selection"
}

extension RoutingMechanism {
    /// The mechanism a request names.
    package init(_ selection: RoutingSelection) {
        switch selection {
        case .auto: self = .autoRouting
        case .family: self = .modelFamily
        case .model: self = .directModelSelection
        }
    }
}

/// A routing decision, made before any I/O; response metadata is read from it.
package struct RoutingDecision: Sendable, Equatable {
    /// Why the model was chosen.
    package enum Basis: Sendable, Equatable {
        /// The request named it.
        case named
        /// The best available model of the requested family for the grade.
        case bestInFamily(ModelFamily)
        /// Nothing of the requested family was available; the best available model for the grade.
        case familyUnavailable(ModelFamily)
        /// Auto routing: the best available model for the grade.
        case bestAvailable
    }

    package var model: CatalogModel
    package var mechanism: RoutingMechanism
    /// Set for auto_routing and model_family.
    package var grade: TierGrade?
    package var basis: Basis
    /// The models to try, in order, when the chosen one fails before answering.
    package var fallbacks: [CatalogModel]
    /// The planned model that failed, when a fallback served.
    package var replaced: CatalogModel?

    package var tier: Tier? { grade?.tier }
    package var confidence: Double? { grade?.confidence }

    /// Every model this request may be sent to, the chosen one first.
    package var plan: [CatalogModel] { [model] + fallbacks }

    /// The same decision with the model that actually served it.
    package func served(by model: CatalogModel) -> RoutingDecision {
        guard model != self.model else { return self }
        var served = self
        served.replaced = self.model
        served.model = model
        return served
    }

    /// Why this model, in words, for logs and `flourish route`; built only when asked for.
    package var reason: String {
        let graded = grade.map { "graded \($0.tier.rawValue) (\($0.evidence)); " } ?? ""
        let why =
            switch basis {
            case .named: "the request named \(model.id)"
            case .bestInFamily(let family):
                "\(graded)\(model.id) is the best available \(family.displayName) model for it"
            case .familyUnavailable(let family):
                "\(graded)no \(family.displayName) model is available here; \(model.id) is the best available model"
            case .bestAvailable: "\(graded)\(model.id) is the best available model for it"
            }
        return replaced.map { "\(why); \($0.id) failed, so \(model.id) served" } ?? why
    }

    /// The metadata every response and chunk carries.
    package func metadata(providerName: String, tradition: Tradition?) -> RoutingMetadata {
        RoutingMetadata(
            provider: providerName, modelFamily: model.family.displayName, autoRouting: mechanism == .autoRouting,
            routingMechanism: mechanism.rawValue, routingTier: tier?.rawValue, routingConfidence: confidence,
            tradition: tradition)
    }
}
