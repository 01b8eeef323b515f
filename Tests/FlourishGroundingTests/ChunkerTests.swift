import FlourishGrounding
import FlourishStore
import Foundation
import Testing

@Suite struct ChunkerTests {
    private func verses(_ count: Int, chapter: Int = 15) -> [Document.Section] {
        (1...count).map { verse in
            .init(
                reference: "Luke \(chapter):\(verse)",
                text: "Verse \(verse) tells part of the story with enough words to matter for chunking here.")
        }
    }

    @Test func versesGroupIntoNamedRangesThatOverlapByAVerse() {
        var metadata = ItemMetadata()
        metadata.reference = "Luke 15"
        let passages = Chunker().passages(of: Document(metadata: metadata, sections: verses(32)))
        #expect(passages.count > 3)
        #expect(passages.first?.reference == "Luke 15:1-8")
        #expect(passages.allSatisfy { $0.text.count <= 800 })
        // Every verse is somewhere, and consecutive passages share their boundary verse.
        for verse in 1...32 { #expect(passages.contains { $0.text.contains("Verse \(verse) tells") }) }
        for (previous, next) in zip(passages, passages.dropFirst()) {
            let lastVerse = try? #require(ScriptureRange(previous.reference ?? "")).end.verse
            let firstVerse = try? #require(ScriptureRange(next.reference ?? "")).start.verse
            #expect(firstVerse == lastVerse)
        }
    }

    @Test func proseIsCutAtParagraphsUnderItsHeadingAndCarriesTheItemReference() {
        let paragraph = String(repeating: "Grace is unearned favour, given freely. ", count: 8)
        var metadata = ItemMetadata()
        metadata.reference = "Ephesians 2:8-9"
        let document = Document(
            metadata: metadata,
            sections: [
                .init(heading: "Grace", text: [paragraph, paragraph, paragraph].joined(separator: "\n\n")),
                .init(heading: "Faith", text: "Short."),
            ])
        let passages = Chunker().passages(of: document)
        #expect(passages.filter { $0.heading == "Grace" }.count >= 2)
        #expect(passages.last == Passage(text: "Short.", heading: "Faith", reference: "Ephesians 2:8-9"))
        #expect(passages.allSatisfy { $0.reference == "Ephesians 2:8-9" })
    }

    @Test func aParagraphLongerThanAPassageIsCutAtSentences() {
        let long = (1...60).map { "Sentence number \($0) is here." }.joined(separator: " ")
        let passages = Chunker().passages(of: Document(metadata: ItemMetadata(), sections: [.init(text: long)]))
        #expect(passages.count > 1)
        #expect(passages.allSatisfy { $0.text.hasSuffix(".") && $0.text.count <= 850 })
    }
}
