import FlourishAPI

/// How hard a conversation is to answer well, from tier_1 (a fast small model does it) to tier_3
/// (deep reasoning, long multi-step work, hard code or math, nuanced theology or pastoral care).
package struct TierGrade: Sendable, Equatable {
    package var tier: Tier
    /// 0.5–0.99: how far the conversation's score sits from the nearest tier boundary.
    package var confidence: Double
    /// The weighted evidence, for logs and `flourish route`.
    package var score: Double
}

/// A rule-based grader over the whole conversation: its size, code, math, tools, attachments,
/// requested output length and the kind of request the last user turn makes. Pure and allocation-light.
package struct ComplexityGrader: Sendable {
    /// Scores at or above these mark tier_2 and tier_3.
    static let tier2Threshold = 0.9
    static let tier3Threshold = 2.0

    private static let deepWork = [
        "step by step", "step-by-step", "prove", "proof", "derive", "analyze", "analyse", "contrast",
        "compar", "evaluate", "critique", "design", "architecture", "refactor", "optimize", "optimise", "trade-off",
        "tradeoff", "in depth", "in-depth", "detailed", "comprehensive", "essay", "research", "strategy",
    ]
    private static let ministryDepth = [
        "exegesis", "hermeneutic", "theodicy", "trinity", "atonement", "justification", "sanctification",
        "eschatolog", "soteriolog", "christolog", "ecclesiolog", "sermon", "homily", "small group", "curriculum",
        "grief", "griev", "suicid", "depress", "divorce", "abuse", "counsel", "pastoral", "doubt", "lament",
    ]
    private static let quickAsks = [
        "translate", "what is", "who is", "who was", "when was", "where is", "define", "spell", "summarize",
        "summarise", "tl;dr", "hello", "hi ", "thanks", "thank you", "verse", "look up", "lookup",
    ]

    package init() {}

    package func grade(_ request: ChatRequest) -> TierGrade {
        var totalCharacters = 0
        var hasImage = false
        for message in request.messages {
            switch message.content {
            case .text(let text): totalCharacters += text.utf8.count
            case .parts(let parts):
                for part in parts {
                    if case .imageURL = part { hasImage = true }
                    totalCharacters += part.text?.utf8.count ?? 0
                }
            case nil: break
            }
        }
        let lastUser = request.messages.last(where: { $0.role == .user })?.content?.plainText.lowercased() ?? ""
        let turns = request.messages.count(where: { $0.role == .user })

        var score = 0.0
        // Size of the whole conversation, in rough tokens, on a log scale so a long paste alone stays modest.
        let approximateTokens = Double(totalCharacters) / 4
        if approximateTokens > 200 { score += min(1.0, (approximateTokens / 200).squareRoot() * 0.25) }
        // The question itself: a long, detailed ask is more work than a long pasted context.
        let askWords = lastUser.split(whereSeparator: \.isWhitespace).count
        if askWords > 40 { score += 0.4 }
        if askWords > 120 { score += 0.4 }
        if turns > 4 { score += 0.3 }
        if lastUser.contains("```") || Self.looksLikeCode(lastUser) { score += 0.9 }
        if Self.looksLikeMath(lastUser) { score += 0.8 }
        let depth = Self.matches(Self.deepWork, in: lastUser)
        let care = Self.matches(Self.ministryDepth, in: lastUser)
        score += min(2.1, Double(depth) * 0.7)
        score += min(2.0, Double(care) * 1.0)
        // A short lookup-style ask ("what is", "translate") is quick unless it also asks for depth or care.
        if depth + care == 0 && askWords < 25 && Self.matches(Self.quickAsks, in: lastUser) > 0 { score -= 0.6 }
        if let tools = request.tools, !tools.isEmpty { score += 0.3 + min(0.6, Double(tools.count) * 0.1) }
        if hasImage { score += 0.6 }
        if let maxTokens = request.maxTokens, maxTokens >= 4000 { score += 0.5 }
        if request.responseFormat?["type"]?.stringValue == "json_schema" { score += 0.3 }
        return Self.tier(for: max(0, score))
    }

    static func tier(for score: Double) -> TierGrade {
        let tier: Tier =
            score >= tier3Threshold ? .tier3 : score >= tier2Threshold ? .tier2 : .tier1
        return TierGrade(tier: tier, confidence: confidence(for: score), score: score)
    }

    /// A score on a boundary is a coin toss (0.5); one well inside its band approaches 0.99.
    package static func confidence(for score: Double) -> Double {
        let distance = min(abs(score - tier2Threshold), abs(score - tier3Threshold))
        return min(0.99, 0.5 + 0.49 * (1 - 1 / (1 + 2.5 * distance)))
    }

    private static func matches(_ needles: [String], in text: String) -> Int {
        needles.reduce(0) { count, needle in text.contains(needle) ? count + 1 : count }
    }

    private static func looksLikeCode(_ text: String) -> Bool {
        let markers = ["func ", "def ", "class ", "return ", "import ", "#include", "=> ", "});", "select ", "();"]
        return markers.contains { text.contains($0) }
    }

    private static func looksLikeMath(_ text: String) -> Bool {
        let words = ["integral", "derivative", "equation", "theorem", "matrix", "probability", "solve for", "lim "]
        if words.contains(where: { text.contains($0) }) { return true }
        let operators = text.unicodeScalars.count(where: { "=^∑∫√".unicodeScalars.contains($0) })
        return operators >= 2
    }
}
