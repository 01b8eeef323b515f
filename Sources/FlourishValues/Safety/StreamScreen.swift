import FlourishAPI

/// Screens an answer as it streams, one delta at a time, without keeping the whole answer: each delta is
/// screened together with the end of the text before it, so a match cut across deltas is still found.
package struct StreamScreen: Sendable {
    /// Bytes of earlier text kept: longer than the rules, numbers and prompt pieces the screen looks for in answers.
    static let overlap = 96

    private let screen: SafetyScreen
    private var tail = ""

    package init(screen: SafetyScreen) {
        self.screen = screen
    }

    /// Findings that end inside `delta`, with spans relative to `delta` (clamped to start at 0).
    package mutating func findings(in delta: String) -> [SafetyFinding] {
        guard !delta.isEmpty else { return [] }
        let window = tail + delta
        let tailBytes = tail.utf8.count
        var found = screen.findings(in: window, stage: .output).filter { $0.span.upperBound > tailBytes }
        for index in found.indices {
            let span = found[index].span
            found[index].span = max(0, span.lowerBound - tailBytes)..<(span.upperBound - tailBytes)
        }
        tail = Self.suffix(of: window, bytes: Self.overlap)
        return found
    }

    /// The end of `text`: at most `bytes` UTF-8 bytes, starting after a space so no word is cut.
    static func suffix(of text: String, bytes: Int) -> String {
        let utf8 = Array(text.utf8)
        guard utf8.count > bytes else { return text }
        var start = utf8.count - bytes
        while start < utf8.count, utf8[start] != 0x20 && utf8[start] != 0x0A { start += 1 }
        return String(decoding: utf8[start...], as: UTF8.self)
    }
}
