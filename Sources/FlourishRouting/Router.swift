import FlourishAPI

/// Turns a request's routing selection into a decision over the catalog.
///
/// `auto_routing` and `model_family` choose only among the models that can be served now; direct
/// selection is checked against the providers by the caller, which can name what to configure.
package struct Router: Sendable {
    package let catalog: Catalog
    private let grader: ComplexityGrader
    /// For each grade, the indices of the catalog models the policy allows, best first; ranked once here so a
    /// decision only filters.
    private let order: [[Int]]
    private var policy: RoutingPolicy { catalog.policy }

    package init(catalog: Catalog, classifier: TierClassifier) {
        self.catalog = catalog
        self.grader = ComplexityGrader(classifier: classifier)
        self.order = Tier.allCases.map { grade in Self.ranked(catalog.models.indices, in: catalog, for: grade) }
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
                model: model, mechanism: .directModelSelection, grade: nil, basis: .named, fallbacks: [])
        case .family(let name):
            guard let family = ModelFamily(requestName: name) else {
                let allowed = ModelFamily.allCases.map { "'\($0.rawValue.lowercased())'" }.joined(separator: ", ")
                throw GatewayError(
                    .unprocessable, "Invalid value for 'model_family': '\(name)'. Supported values are: \(allowed).",
                    param: "model_family", reason: "invalid_value")
            }
            let grade = grader.grade(request)
            let ranked = try servable(request, grade: grade.tier, available: available)
            let inFamily = ranked.filter { catalog.models[$0].family == family }
            if let first = inFamily.first {
                return decision(
                    first, .modelFamily, grade, .bestInFamily(family),
                    fallbacks: fallbacks(after: first, in: inFamily, scope: policy.fallback.modelFamily))
            }
            guard policy.unavailableFamily == .bestAvailable else {
                throw GatewayError(
                    .providerUnavailable,
                    "No \(family.displayName) model can serve this request on this gateway right now.",
                    param: "model_family", reason: "no_provider_available")
            }
            return decision(
                ranked[0], .modelFamily, grade, .familyUnavailable(family),
                fallbacks: fallbacks(after: ranked[0], in: ranked, scope: policy.fallback.modelFamily))
        case .auto:
            let grade = grader.grade(request)
            let ranked = try servable(request, grade: grade.tier, available: available)
            return decision(
                ranked[0], .autoRouting, grade, .bestAvailable,
                fallbacks: fallbacks(after: ranked[0], in: ranked, scope: policy.fallback.autoRouting))
        }
    }

    private func decision(
        _ index: Int, _ mechanism: RoutingMechanism, _ grade: TierGrade, _ basis: RoutingDecision.Basis,
        fallbacks: [Int]
    ) -> RoutingDecision {
        RoutingDecision(
            model: catalog.models[index], mechanism: mechanism, grade: grade, basis: basis,
            fallbacks: fallbacks.map { catalog.models[$0] })
    }

    /// The models to try after `first` fails, in order, as the policy's scope allows and up to its attempt limit.
    private func fallbacks(after first: Int, in ranked: [Int], scope: RoutingPolicy.FallbackScope) -> [Int] {
        let limit = policy.fallback.maxAttempts - 1
        guard limit > 0 else { return [] }
        let models = catalog.models
        switch scope {
        case .none:
            return []
        case .sameFamily:
            return Array(ranked.lazy.filter { $0 != first && models[$0].family == models[first].family }.prefix(limit))
        case .otherProvider:
            var tried: Set<ProviderID> = [models[first].provider]
            var plan: [Int] = []
            for index in ranked where plan.count < limit && tried.insert(models[index].provider).inserted {
                plan.append(index)
            }
            return plan
        }
    }

    /// What a request needs of a model.
    private struct Needs {
        var tools: Bool
        var vision: Bool
        var approximateTokens: Int

        init(_ request: ChatRequest) {
            tools = !(request.tools ?? []).isEmpty
            vision = request.messages.contains(where: \.hasImage)
            approximateTokens = request.messages.reduce(0) { $0 + ($1.content?.plainText.utf8.count ?? 0) } / 4
        }

        /// Why the model cannot take the request, or nil when it can.
        func unmet(by model: CatalogModel) -> String? {
            if tools && !model.supportsTools { return "it cannot call tools" }
            if vision && !model.inputModalities.contains("image") { return "it cannot read images" }
            if approximateTokens >= model.contextWindow { return "the conversation does not fit its context" }
            return nil
        }
    }

    /// Indices of the available models able to take this request (tools need tool support, images a vision
    /// model, and the conversation must fit the context window) of a tier the policy allows for the grade, best
    /// first. Never empty.
    private func servable(_ request: ChatRequest, grade: Tier, available: Set<String>) throws(GatewayError) -> [Int] {
        let needs = Needs(request)
        let models = catalog.models
        let candidates = order[Tier.allCases.firstIndex(of: grade)!].filter { index in
            needs.unmet(by: models[index]) == nil && available.contains(models[index].id)
        }
        guard !candidates.isEmpty else {
            let wanted = [needs.tools ? "tools" : nil, needs.vision ? "images" : nil].compactMap { $0 }
            let what = wanted.isEmpty ? "" : " with \(wanted.joined(separator: " and "))"
            throw GatewayError(
                .providerUnavailable,
                "No configured provider can serve this request\(what) right now. Set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY, or run an OpenAI-compatible server at OPEN_SOURCE_BASE_URL (scripts/local-model start runs one on this machine).",
                reason: "no_provider_available")
        }
        return candidates
    }

    /// Indices of the models the policy allows for a grade, best first: the most wanted tier, then the cheaper,
    /// then the earlier in the catalog file.
    private static func ranked(_ indices: Range<Int>, in catalog: Catalog, for grade: Tier) -> [Int] {
        indices.compactMap { index in catalog.policy.rank(of: catalog.models[index], for: grade).map { (index, $0) } }
            .sorted { left, right in (left.1.tier, left.1.price, left.0) < (right.1.tier, right.1.price, right.0) }
            .map(\.0)
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
        let needs = Needs(request)
        let allowedIndices = order[Tier.allCases.firstIndex(of: tier)!]
        let allowed = allowedIndices.map { catalog.models[$0] }
        let refused = catalog.models.indices.filter { !allowedIndices.contains($0) }.map { catalog.models[$0] }
        return allowed.map { model in
            let reason =
                available.contains(model.id)
                ? needs.unmet(by: model) : "its provider is not configured, not serving it, or failing"
            return (model, reason)
        } + refused.map { ($0, "the routing policy does not use \($0.tier.rawValue) models for \(tier.rawValue)") }
    }
}
