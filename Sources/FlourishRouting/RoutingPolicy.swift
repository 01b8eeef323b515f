/// How routing ranks models, plans fallbacks and trips circuit breakers: the `routing_policy` object of the
/// catalog file, so an operator changes the policy by editing data, not code.
package struct RoutingPolicy: Decodable, Sendable, Equatable {
    /// Where a failed attempt may go next.
    package enum FallbackScope: String, Codable, Sendable {
        /// No fallback: the first failure is the answer.
        case none
        /// The next model of the same family.
        case sameFamily = "same_family"
        /// The best model of a provider not yet tried.
        case otherProvider = "other_provider"
    }

    /// What `model_family` does when no model of the family can be served.
    package enum UnavailableFamily: String, Codable, Sendable {
        /// Route as auto routing would, and report the family that served.
        case bestAvailable = "best_available"
        /// Answer 503.
        case refuse
    }

    package struct Fallback: Codable, Sendable, Equatable {
        package var autoRouting: FallbackScope
        package var modelFamily: FallbackScope
        /// Upstream calls one request may make, the first included.
        package var maxAttempts: Int

        enum CodingKeys: String, CodingKey {
            case autoRouting = "auto_routing"
            case modelFamily = "model_family"
            case maxAttempts = "max_attempts"
        }
    }

    package struct CircuitBreakerSettings: Codable, Sendable, Equatable {
        /// Consecutive failures that open a provider's breaker.
        package var failuresToOpen: Int
        /// Seconds an open breaker skips the provider before one probe request may try it again.
        package var openSeconds: Double

        package init(failuresToOpen: Int, openSeconds: Double) {
            self.failuresToOpen = failuresToOpen
            self.openSeconds = openSeconds
        }

        enum CodingKeys: String, CodingKey {
            case failuresToOpen = "failures_to_open"
            case openSeconds = "open_seconds"
        }
    }

    package struct PriceWeights: Codable, Sendable, Equatable {
        package var input: Double
        package var output: Double
    }

    /// For each graded tier, the model tiers that may answer it, most wanted first; a tier left out is never
    /// used for that grade.
    package var tierPreference: [Tier: [Tier]]
    /// How input and output prices combine into the one figure that orders models of equal tier.
    package var priceWeights: PriceWeights
    package var unavailableFamily: UnavailableFamily
    package var fallback: Fallback
    package var circuitBreaker: CircuitBreakerSettings

    enum CodingKeys: String, CodingKey {
        case tierPreference = "tier_preference"
        case priceWeights = "price_weights"
        case unavailableFamily = "unavailable_family"
        case fallback
        case circuitBreaker = "circuit_breaker"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let preference = try container.decode([String: [Tier]].self, forKey: .tierPreference)
        var tiers: [Tier: [Tier]] = [:]
        for (key, order) in preference {
            guard let tier = Tier(rawValue: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .tierPreference, in: container, debugDescription: "'\(key)' is not a tier")
            }
            tiers[tier] = order
        }
        tierPreference = tiers
        priceWeights = try container.decode(PriceWeights.self, forKey: .priceWeights)
        unavailableFamily = try container.decode(UnavailableFamily.self, forKey: .unavailableFamily)
        fallback = try container.decode(Fallback.self, forKey: .fallback)
        circuitBreaker = try container.decode(CircuitBreakerSettings.self, forKey: .circuitBreaker)
    }

    /// What is wrong with the policy, if anything.
    var problem: String? {
        for tier in Tier.allCases {
            guard let order = tierPreference[tier], !order.isEmpty else {
                return "tier_preference needs a non-empty list for \(tier.rawValue)"
            }
            guard Set(order).count == order.count else {
                return "tier_preference for \(tier.rawValue) names a tier twice"
            }
        }
        if priceWeights.input < 0 || priceWeights.output < 0 || priceWeights.input + priceWeights.output <= 0 {
            return "price_weights must be 0 or more and not both 0"
        }
        if fallback.maxAttempts < 1 { return "fallback.max_attempts must be at least 1" }
        if circuitBreaker.failuresToOpen < 1 || circuitBreaker.openSeconds <= 0 {
            return "circuit_breaker needs failures_to_open of at least 1 and a positive open_seconds"
        }
        return nil
    }

    /// The single price that orders models of an equally wanted tier.
    package func blendedPrice(_ model: CatalogModel) -> Double {
        let weights = priceWeights
        return (model.pricing.inputPerMillion * weights.input + model.pricing.outputPerMillion * weights.output)
            / (weights.input + weights.output)
    }

    /// Where a model ranks for a grade (lower is better), or nil when the policy never uses its tier for
    /// that grade.
    func rank(of model: CatalogModel, for grade: Tier) -> (tier: Int, price: Double)? {
        guard let position = tierPreference[grade]?.firstIndex(of: model.tier) else { return nil }
        return (position, blendedPrice(model))
    }

    /// The fallback scope for a routing mechanism; a model named by the caller is never swapped for another.
    func fallbackScope(for mechanism: RoutingMechanism) -> FallbackScope {
        switch mechanism {
        case .autoRouting: fallback.autoRouting
        case .modelFamily: fallback.modelFamily
        case .directModelSelection: .none
        }
    }
}
