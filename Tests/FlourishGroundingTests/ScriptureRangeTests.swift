import FlourishGrounding
import Testing

@Suite struct ScriptureRangeTests {
    @Test(arguments: [
        ("John 3:16", "John 3:16"), ("John 3:16-18", "John 3:16-18"), ("Luke 15:30-16:2", "Luke 15:30-16:2"),
        ("Psalms 23", "Psalms 23"), ("Genesis 1-2", "Genesis 1-2"), ("1 Samuel 17:4-50", "1 Samuel 17:4-50"),
        ("Song of Solomon 2:1", "Song of Solomon 2:1"),
    ])
    func parsesAndPrints(text: String, printed: String) throws {
        #expect(try #require(ScriptureRange(text)).description == printed)
    }

    @Test(arguments: ["John", "John 3:", "John 0:1", "John 3:18-16", "3:16", "John x:y", ""])
    func rejectsWhatIsNotAReference(text: String) {
        #expect(ScriptureRange(text) == nil)
    }

    @Test func overlapNeedsTheSameBookAndSharedVerses() throws {
        let story = try #require(ScriptureRange("Luke 15:11-32"))
        #expect(story.overlaps(try #require(ScriptureRange("Luke 15:20"))))
        #expect(story.overlaps(try #require(ScriptureRange("Luke 15"))))
        #expect(story.overlaps(try #require(ScriptureRange("Luke 15:30-16:2"))))
        #expect(!story.overlaps(try #require(ScriptureRange("Luke 15:1-10"))))
        #expect(!story.overlaps(try #require(ScriptureRange("John 15:11"))))
    }

    @Test func spanningJoinsTwoReferencesOfOneBook() throws {
        let first = try #require(ScriptureRange("John 3:16"))
        let last = try #require(ScriptureRange("John 4:2"))
        #expect(ScriptureRange.spanning(first, last)?.description == "John 3:16-4:2")
        #expect(ScriptureRange.spanning(first, try #require(ScriptureRange("Mark 1:1"))) == nil)
    }
}
