import FlourishAPI

/// The values layer's decisions: screen a request before routing, and an answer as it is produced, and apply
/// the client's policy to what was found.
package struct SafetyGate: Sendable {
    package let screen: SafetyScreen
    package let settings: SafetySettings

    package init(screen: SafetyScreen, settings: SafetySettings) {
        self.screen = screen
        self.settings = settings
    }

    /// What happens to a request after its input was screened.
    package enum InputDecision: Sendable {
        /// It goes on to a model; the findings (all `annotate` or `allow`) are reported with the answer.
        case proceed([SafetyFinding])
        /// It never reaches a provider: the caller gets `text` instead (care or a refusal).
        case reply(text: String, action: SafetyAction, findings: [SafetyFinding])
    }

    /// Screens the newest turn: the last user message and any tool results after it. Earlier turns were
    /// screened when they were new, and screening them again would answer every later message with the same care.
    package func screenInput(_ messages: [ChatMessage], clientID: String?) -> InputDecision {
        decide(newestTurn(of: messages), clientID: clientID)
    }

    /// `screenInput`, on a dispatch queue when the newest turn is large enough to hold up an event loop.
    package func screenInput(_ messages: [ChatMessage], clientID: String?) async -> InputDecision {
        let text = newestTurn(of: messages)
        return await OffLoopWork.run(sized: text.utf8.count) { decide(text, clientID: clientID) }
    }

    private func newestTurn(of messages: [ChatMessage]) -> String {
        let start = messages.lastIndex { $0.role == .user } ?? messages.endIndex
        return messages[start...].filter { $0.role == .user || $0.role == .tool }
            .compactMap { $0.content?.plainText }.joined(separator: "\n")
    }

    private func decide(_ text: String, clientID: String?) -> InputDecision {
        let policy = settings.policy(for: clientID)
        var findings = screen.findings(in: text, stage: .input)
        for index in findings.indices { findings[index].action = policy.action(for: findings[index]) }
        // Someone at risk gets care even when the same message also asked for something blocked.
        let answered = findings.first { $0.action == .care } ?? findings.first { $0.action == .block }
        guard let answered else { return .proceed(findings) }
        return .reply(
            text: settings.reply(for: answered.category, clientID: clientID), action: answered.action,
            findings: findings)
    }

    /// A fresh screen for one answer.
    package func outputGuard(clientID: String?) -> OutputGuard {
        OutputGuard(stream: StreamScreen(screen: screen), policy: settings.policy(for: clientID))
    }

    /// Whether the client may use the route without the values layer.
    package func allowsDirectRoute(clientID: String?) -> Bool {
        settings.policy(for: clientID).allowsDirectRoute
    }
}

/// Screens one answer, whole or delta by delta, and says how much of it may go out.
///
/// Text is screened in batches of at least `batchBytes` (a few tokens): screening each token-sized delta on
/// its own would cost more than the rest of the gateway. A batch that ends in digits keeps them back until the
/// next one shows where the number ends, so a card number split across deltas is never half sent.
package struct OutputGuard: Sendable {
    /// Longest trailing number held back.
    static let longestHeldNumber = 40
    /// Text waits until this much has arrived (or the answer ends) before it is screened and sent.
    static let batchBytes = 32

    private var stream: StreamScreen
    private let policy: SafetySettings.Policy
    private var held = ""
    /// Everything found so far, with the policy's actions.
    package private(set) var findings: [SafetyFinding] = []
    /// Set once a finding stopped the answer; nothing more may be sent.
    package private(set) var isStopped = false

    init(stream: StreamScreen, policy: SafetySettings.Policy) {
        self.stream = stream
        self.policy = policy
    }

    /// The text that may be sent now: the delta (after what was held back), less a trailing number unless
    /// `isLast`, and cut before a finding that stops the answer.
    package mutating func admit(_ delta: String, isLast: Bool = false) -> String {
        guard !isStopped else { return "" }
        var text = held + delta
        held = ""
        if !isLast, text.utf8.count < Self.batchBytes {
            held = text
            return ""
        }
        if !isLast {
            let cut = Self.trailingNumberStart(in: text)
            held = String(text[cut...])
            text = String(text[..<cut])
        }
        guard !text.isEmpty else { return "" }
        var found = stream.findings(in: text)
        guard !found.isEmpty else { return text }
        for index in found.indices { found[index].action = policy.action(for: found[index]) }
        findings += found.filter { new in !findings.contains { $0.category == new.category } }
        guard let stop = found.filter({ $0.action == .block }).map(\.span.lowerBound).min() else { return text }
        isStopped = true
        held = ""
        let utf8 = Array(text.utf8)
        var end = stop
        while end > 0, end < utf8.count, utf8[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }

    /// Where a run of digits, spaces and hyphens at the end of `text` starts (the end when there is none, or
    /// when the run is longer than a number the screen looks for).
    static func trailingNumberStart(in text: String) -> String.Index {
        var start = text.endIndex
        var length = 0
        var sawDigit = false
        while start > text.startIndex {
            let previous = text.index(before: start)
            let character = text[previous]
            guard character.isASCII, character.isNumber || character == " " || character == "-" else { break }
            if character.isNumber { sawDigit = true }
            length += 1
            if length > longestHeldNumber { return text.endIndex }
            start = previous
        }
        guard sawDigit else { return text.endIndex }
        // The run starts at its first digit; a space or hyphen before it belongs to the text before.
        while start < text.endIndex, !text[start].isNumber { start = text.index(after: start) }
        return start
    }
}
