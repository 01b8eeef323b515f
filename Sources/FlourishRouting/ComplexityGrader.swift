import FlourishAPI
import Foundation

/// How hard a conversation is to answer well, from tier_1 (a fast small model does it) to tier_3
/// (deep reasoning, long multi-step work, hard code or math, nuanced theology or pastoral care).
package struct TierGrade: Sendable, Equatable {
    package var tier: Tier
    /// The calibrated probability of that tier.
    package var confidence: Double
    /// The classifier's probabilities of tier_1, tier_2 and tier_3.
    package var probabilities: [Double]
    /// What the classifier cannot see that raised an easy grade to tier_2.
    package var raisedFor: ConversationSignals

    /// What decided it, for logs and `flourish route`; built only when asked for.
    package var evidence: String {
        let classifier = "classifier " + probabilities.map { "\(Int(($0 * 100).rounded()))%" }.joined(separator: "/")
        guard !raisedFor.isEmpty else { return classifier }
        return classifier + "; raised to tier_2 for " + raisedFor.names.joined(separator: ", ")
    }
}

/// Signs of work in a conversation beyond its last message's text.
package struct ConversationSignals: OptionSet, Sendable, Equatable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }

    package static let images = Self(rawValue: 1)
    package static let manyTools = Self(rawValue: 2)
    package static let longExchange = Self(rawValue: 4)
    package static let longOutput = Self(rawValue: 8)

    var names: [String] {
        [
            (Self.images, "images"), (.manyTools, "many tools"), (.longExchange, "long exchange"),
            (.longOutput, "long output"),
        ]
        .filter { contains($0.0) }.map(\.1)
    }
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
        var signals: ConversationSignals = []
        if request.messages.contains(where: \.hasImage) { signals.insert(.images) }
        if (request.tools?.count ?? 0) > 3 { signals.insert(.manyTools) }
        if request.messages.count(where: { $0.role == .user }) > 6 { signals.insert(.longExchange) }
        if (request.maxTokens ?? 0) >= 4000 { signals.insert(.longOutput) }
        let tier = Tier.allCases[best]
        guard tier == .tier1, !signals.isEmpty else {
            return TierGrade(tier: tier, confidence: probabilities[best], probabilities: probabilities, raisedFor: [])
        }
        return TierGrade(
            tier: .tier2, confidence: probabilities[best], probabilities: probabilities, raisedFor: signals)
    }
}

extension ChatMessage {
    /// Whether the message carries an image part.
    var hasImage: Bool {
        guard case .parts(let parts) = content else { return false }
        return parts.contains { if case .imageURL = $0 { true } else { false } }
    }
}
