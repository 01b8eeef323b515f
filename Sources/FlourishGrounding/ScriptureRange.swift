import Foundation

/// A passage of one book: "John 3:16", "John 3:16-18", "Luke 15:30-16:2", "Psalms 23" (a whole chapter),
/// "Genesis 1-2".
package struct ScriptureRange: Sendable, Equatable, CustomStringConvertible {
    /// A place in a book; verse 0 is a chapter's start, `Int.max` its end.
    package struct Position: Sendable, Comparable {
        package var chapter: Int
        package var verse: Int

        package static func < (left: Position, right: Position) -> Bool {
            (left.chapter, left.verse) < (right.chapter, right.verse)
        }
    }

    package var book: String
    package var start: Position
    package var end: Position

    package init(book: String, start: Position, end: Position) {
        self.book = book
        self.start = start
        self.end = end
    }

    /// Parses a reference; nil when the text is not one.
    package init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.lastIndex(of: " ") else { return nil }
        let book = String(trimmed[..<space])
        let places = trimmed[trimmed.index(after: space)...].split(separator: "-", omittingEmptySubsequences: false)
        guard !book.isEmpty, (1...2).contains(places.count) else { return nil }
        guard let first = Self.place(places[0], chapter: nil) else { return nil }
        var start = first
        var end = first
        if first.verse == nil {
            start.verse = 0
            end.verse = Int.max
        }
        if places.count == 2 {
            // "16-18" continues the start's chapter when the start named a verse; "1-2" spans chapters.
            guard let last = Self.place(places[1], chapter: first.verse == nil ? nil : first.chapter) else {
                return nil
            }
            end = last.verse == nil ? (last.chapter, Int.max) : last
        }
        guard let startVerse = start.verse, let endVerse = end.verse else { return nil }
        self.book = book
        self.start = Position(chapter: start.chapter, verse: startVerse)
        self.end = Position(chapter: end.chapter, verse: endVerse)
        guard self.start <= self.end else { return nil }
    }

    /// "3:16" → (3, 16); "3" → (3, nil) without a chapter to continue, or (chapter, 3) with one.
    private static func place(_ text: Substring, chapter: Int?) -> (chapter: Int, verse: Int?)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let number = Int(parts[0]), number > 0 else { return nil }
            return chapter.map { ($0, number) } ?? (number, nil)
        case 2:
            guard let chapter = Int(parts[0]), let verse = Int(parts[1]), chapter > 0, verse > 0 else { return nil }
            return (chapter, verse)
        default:
            return nil
        }
    }

    /// The range from the start of `first` to the end of `last`, when both are in one book.
    package static func spanning(_ first: ScriptureRange, _ last: ScriptureRange) -> ScriptureRange? {
        guard first.book == last.book else { return nil }
        return ScriptureRange(book: first.book, start: min(first.start, last.start), end: max(first.end, last.end))
    }

    package func overlaps(_ other: ScriptureRange) -> Bool {
        book == other.book && start <= other.end && other.start <= end
    }

    package var description: String {
        let whole = start.verse == 0 && end.verse == Int.max
        if whole {
            return start.chapter == end.chapter
                ? "\(book) \(start.chapter)" : "\(book) \(start.chapter)-\(end.chapter)"
        }
        let first = "\(book) \(start.chapter):\(max(start.verse, 1))"
        if start == end { return first }
        let lastVerse = end.verse == Int.max ? "" : ":\(end.verse)"
        if start.chapter == end.chapter, end.verse != Int.max { return "\(first)-\(end.verse)" }
        return "\(first)-\(end.chapter)\(lastVerse)"
    }
}
