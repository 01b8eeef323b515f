/// A provider family as Gloo names it.
package enum ModelFamily: String, Sendable, CaseIterable, Codable {
    case openai = "OpenAI"
    case anthropic = "Anthropic"
    case google = "Google"
    case openSource = "Open Source"

    /// Title-case name used in responses (`model_family`).
    package var displayName: String { rawValue }

    /// Matches a request's `model_family` case-insensitively (`open source`, `OpenAI`, …).
    package init?(requestName: String) {
        let lowered = requestName.lowercased()
        guard let family = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = family
    }
}

/// Which upstream protocol and credentials serve a model.
package enum ProviderID: String, Sendable, CaseIterable, Codable {
    case openai
    case anthropic
    case google
    case openSource = "open_source"
}

/// A capability tier, from fast and cheap (tier_1) to deepest reasoning (tier_3).
package enum Tier: String, Sendable, CaseIterable, Codable, Comparable {
    case tier1 = "tier_1"
    case tier2 = "tier_2"
    case tier3 = "tier_3"

    package static func < (lhs: Tier, rhs: Tier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
