import FlourishAPI

/// Turns a request's routing selection into a decision over the catalog.
///
/// `auto_routing` and `model_family` choose only among the models that can be served now; direct
/// selection is checked against the providers by the caller, which can name what to configure.
package struct Router: Sendable {
    package let catalog: Catalog
    private let grader: ComplexityGrader

    package init(catalog: Catalog, classifier: TierClassifier) {
        self.catalog = catalog
        self.grader = ComplexityGrader(classifier: classifier)
    }

    /// Decides which catalog model serves a request.
    /// - Parameter available: ids of the catalog models whose provider is configured and healthy.
    /// - Throws: `GatewayError` for an unknown model or family, or when nothing available can serve it.
    package func route(_ request: ChatRequest, available: Set<String>) throws(GatewayError) -> RoutingDecision {
        switch request.routing {
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
            let grade = grader.grade(request)
            let candidates = try servable(request, available: available)
            let inFamily = candidates.filter { $0.family == family }
            if let model = Self.best(for: grade.tier, among: inFamily) {
                return RoutingDecision(
                    model: model, mechanism: .modelFamily, tier: grade.tier, confidence: grade.confidence,
                    reason:
                        "graded \(grade.tier.rawValue) (\(grade.evidence)); \(model.id) is the best available \(family.displayName) model for it"
                )
            }
            let model = Self.best(for: grade.tier, among: candidates)!
            return RoutingDecision(
                model: model, mechanism: .modelFamily, tier: grade.tier, confidence: grade.confidence,
                reason:
                    "no \(family.displayName) model is available here; \(model.id) is the best available model for \(grade.tier.rawValue)"
            )
        case .auto:
            let grade = grader.grade(request)
            let model = Self.best(for: grade.tier, among: try servable(request, available: available))!
            return RoutingDecision(
                model: model, mechanism: .autoRouting, tier: grade.tier, confidence: grade.confidence,
                reason:
                    "graded \(grade.tier.rawValue) (\(grade.evidence)); \(model.id) is the best available model for it"
            )
        }
    }

    /// Available models able to take this request: tools need tool support, images a vision model, and the
    /// conversation must fit the context window. Never empty.
    private func servable(_ request: ChatRequest, available: Set<String>) throws(GatewayError) -> [CatalogModel] {
        let needsTools = !(request.tools ?? []).isEmpty
        let needsVision = request.messages.contains { message in
            if case .parts(let parts) = message.content {
                return parts.contains { if case .imageURL = $0 { true } else { false } }
            }
            return false
        }
        let approximateTokens = request.messages.reduce(0) { $0 + ($1.content?.plainText.utf8.count ?? 0) } / 4
        let candidates = catalog.models.filter { model in
            available.contains(model.id) && (!needsTools || model.supportsTools)
                && (!needsVision || model.inputModalities.contains("image")) && approximateTokens < model.contextWindow
        }
        guard !candidates.isEmpty else {
            let needs = [needsTools ? "tools" : nil, needsVision ? "images" : nil].compactMap { $0 }
            let what = needs.isEmpty ? "" : " with \(needs.joined(separator: " and "))"
            throw GatewayError(
                .providerUnavailable,
                "No configured provider can serve this request\(what) right now. Set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY, or run an OpenAI-compatible server at OPEN_SOURCE_BASE_URL (scripts/local-model start runs one on this machine).",
                reason: "no_provider_available")
        }
        return candidates
    }

    /// The model closest to the tier (a stronger one when the tier itself is missing), cheapest first.
    static func best(for tier: Tier, among models: [CatalogModel]) -> CatalogModel? {
        models.min(by: preference(for: tier))
    }

    /// Orders models for a tier: nearest tier first, then the stronger of two equally near, then the cheaper.
    static func preference(for tier: Tier) -> (CatalogModel, CatalogModel) -> Bool {
        let wanted = Tier.allCases.firstIndex(of: tier)!
        return { left, right in
            let leftIndex = Tier.allCases.firstIndex(of: left.tier)!
            let rightIndex = Tier.allCases.firstIndex(of: right.tier)!
            let (leftDistance, rightDistance) = (abs(leftIndex - wanted), abs(rightIndex - wanted))
            if leftDistance != rightDistance { return leftDistance < rightDistance }
            if leftIndex != rightIndex { return leftIndex > rightIndex }
            return left.pricing.blended < right.pricing.blended
        }
    }

    /// The grade auto and family routing would give this request.
    package func grade(_ request: ChatRequest) -> TierGrade {
        grader.grade(request)
    }

    /// Every catalog model in the order routing would prefer it for `tier`, each with the reason it could not
    /// take this request, if any; for `flourish route`.
    package func alternatives(
        for request: ChatRequest, tier: Tier, available: Set<String>
    ) -> [(model: CatalogModel, excludedBecause: String?)] {
        let needsTools = !(request.tools ?? []).isEmpty
        let approximateTokens = request.messages.reduce(0) { $0 + ($1.content?.plainText.utf8.count ?? 0) } / 4
        return catalog.models.sorted(by: Self.preference(for: tier)).map { model in
            let reason: String? =
                if !available.contains(model.id) {
                    "its provider is not configured or does not serve it"
                } else if needsTools && !model.supportsTools {
                    "it cannot call tools"
                } else if approximateTokens >= model.contextWindow { "the conversation does not fit its context" } else
                { nil }
            return (model, reason)
        }
    }
}

extension CatalogModel.Pricing {
    /// A single figure to compare prices by: input and output weighted 3:1, as chat traffic runs.
    var blended: Double { (inputPerMillion * 3 + outputPerMillion) / 4 }
}
