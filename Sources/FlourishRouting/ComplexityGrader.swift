import FlourishAPI
import Foundation

/// How hard a conversation is to answer well, from tier_1 (a fast small model does it) to tier_3
/// (deep reasoning, long multi-step work, hard code or math, nuanced theology or pastoral care).
package struct TierGrade: Sendable, Equatable {
    package var tier: Tier
    /// The calibrated probability of that tier.
    package var confidence: Double
    /// What decided it, for logs and `flourish route`.
    package var evidence: String
}

/// Grades a conversation: the trained classifier reads the last user message; what it cannot see (images,
/// many tools, a long exchange, a large requested output) raises an easy grade to at least tier_2.
package struct ComplexityGrader: Sendable {
    let classifier: TierClassifier

    package init(classifier: TierClassifier) {
        self.classifier = classifier
    }

    package func grade(_ request: ChatRequest) -> TierGrade {
        let lastUser = request.messages.last(where: { $0.role == .user })?.content?.plainText ?? ""
        let probabilities = classifier.probabilities(lastUser)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
        var tier = Tier.allCases[best]
        // Whole percentages: String(format:) would cost more than the classifier itself.
        var evidence = "classifier " + probabilities.map { "\(Int(($0 * 100).rounded()))%" }.joined(separator: "/")
        let hasImage = request.messages.contains { message in
            if case .parts(let parts) = message.content {
                return parts.contains { if case .imageURL = $0 { true } else { false } }
            }
            return false
        }
        let conversationSignals = [
            hasImage ? "images" : nil, (request.tools?.count ?? 0) > 3 ? "many tools" : nil,
            request.messages.count(where: { $0.role == .user }) > 6 ? "long exchange" : nil,
            (request.maxTokens ?? 0) >= 4000 ? "long output" : nil,
        ].compactMap { $0 }
        if tier == .tier1, !conversationSignals.isEmpty {
            tier = .tier2
            evidence += "; raised to tier_2 for " + conversationSignals.joined(separator: ", ")
        }
        return TierGrade(tier: tier, confidence: probabilities[best], evidence: evidence)
    }
}
