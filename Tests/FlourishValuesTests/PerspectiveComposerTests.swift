import FlourishAPI
import FlourishValues
import Testing

@Suite struct PerspectiveComposerTests {
    let library: PerspectiveLibrary
    let composer: PerspectiveComposer

    init() throws {
        library = try PerspectiveLibrary.bundled()
        composer = PerspectiveComposer(library: library)
    }

    @Test(arguments: Tradition.allCases)
    func everyTraditionHasItsOwnInstruction(tradition: Tradition) {
        let text = library.instruction(for: tradition)
        #expect(text.count > 200)
        #expect(text != library.general)
    }

    @Test func instructionsNameTheirSourcesOfAuthority() {
        #expect(library.instruction(for: .catholic).contains("Magisterium"))
        #expect(library.instruction(for: .catholic).contains("Catechism"))
        #expect(library.instruction(for: .evangelical).contains("scripture"))
        #expect(library.instruction(for: .mainline).contains("tradition, reason and experience"))
        #expect(library.instruction(for: .notFaithSpecific).contains("without taking the perspective"))
    }

    @Test func insertsASystemMessageWhenTheCallerHasNone() {
        let composed = composer.compose(
            [ChatMessage(role: .user, content: .text("Who was Augustine?"))], tradition: .catholic)
        #expect(composed.count == 2)
        #expect(composed[0].role == .system)
        #expect(composed[0].content?.plainText == library.instruction(for: .catholic))
        #expect(composed[1].content?.plainText == "Who was Augustine?")
    }

    @Test func mergesWithTheCallersSystemPromptOnceAndKeepsItsPriority() {
        let messages = [
            ChatMessage(role: .system, content: .text("Answer in one sentence, in French.")),
            ChatMessage(role: .user, content: .text("What is grace?")),
            ChatMessage(role: .assistant, content: .text("La grâce est…")),
            ChatMessage(role: .user, content: .text("And mercy?")),
        ]
        let composed = composer.compose(messages, tradition: .evangelical)
        #expect(composed.count == messages.count)
        let system = composed[0].content?.plainText ?? ""
        #expect(system.hasPrefix(library.instruction(for: .evangelical)))
        #expect(system.hasSuffix("Answer in one sentence, in French."))
        #expect(system.contains("follow them over the guidance above"))
        let mentions = composed.map { $0.content?.plainText ?? "" }.filter {
            $0.contains(library.instruction(for: .evangelical))
        }
        #expect(mentions.count == 1)
        #expect(Array(composed.dropFirst()) == Array(messages.dropFirst()))
    }

    @Test func mergesIntoADeveloperMessageWithParts() {
        let messages = [
            ChatMessage(role: .developer, content: .parts([.text("Use Markdown.")])),
            ChatMessage(role: .user, content: .text("Hi")),
        ]
        let composed = composer.compose(messages, tradition: nil)
        guard case .parts(let parts) = composed[0].content else {
            Issue.record("expected parts")
            return
        }
        #expect(parts.count == 2)
        #expect(parts[0].text?.hasPrefix(library.general) == true)
        #expect(parts[1] == .text("Use Markdown."))
        #expect(composed[0].role == .developer)
    }
}
