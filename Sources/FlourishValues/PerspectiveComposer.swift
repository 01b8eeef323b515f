import FlourishAPI

/// Puts the perspective instruction in front of a conversation, once, beside the caller's own system prompt.
package struct PerspectiveComposer: Sendable {
    /// Joins the perspective to the caller's instructions and gives theirs priority on presentation.
    package static let bridge =
        "The application's own instructions follow. Where they set the format, length, tone, language or role of your answers, follow them over the guidance above."

    private let library: PerspectiveLibrary

    package init(library: PerspectiveLibrary) {
        self.library = library
    }

    /// The messages with the perspective merged into the leading system (or developer) message, or
    /// placed as a new first system message when the caller sent none.
    package func compose(_ messages: [ChatMessage], tradition: Tradition?) -> [ChatMessage] {
        let instruction = library.instruction(for: tradition)
        var composed = messages
        guard let first = messages.first, first.role == .system || first.role == .developer,
            let content = first.content
        else {
            composed.insert(ChatMessage(role: .system, content: .text(instruction)), at: 0)
            return composed
        }
        let preamble = "\(instruction)\n\n\(Self.bridge)\n\n"
        switch content {
        case .text(let text):
            composed[0].content = .text(preamble + text)
        case .parts(let parts):
            composed[0].content = .parts([.text(preamble)] + parts)
        }
        return composed
    }
}
