import FlourishStore
import Foundation

/// Cuts a document into passages that follow its structure: verses are grouped into runs named by their
/// range ("John 3:16-18"), prose is cut at paragraphs and then sentences, never across a heading; each
/// passage repeats the end of the one before so a thought split at a boundary is still found whole.
package struct Chunker: Sendable {
    /// Passages grow to about this many characters.
    package var targetCharacters = 700
    /// How much of the previous passage the next one repeats.
    package var overlapCharacters = 150

    package init() {}

    package func passages(of document: Document) -> [Passage] {
        var passages: [Passage] = []
        var start = 0
        let sections = document.sections
        while start < sections.count {
            // A run of sections under one heading, all verses or all prose.
            let heading = sections[start].heading
            let isVerses = sections[start].reference != nil
            var end = start + 1
            while end < sections.count, sections[end].heading == heading,
                (sections[end].reference != nil) == isVerses
            {
                end += 1
            }
            let run = sections[start..<end]
            if isVerses {
                passages += verses(run, heading: heading)
            } else {
                let units = run.flatMap { Self.units(of: $0.text, limit: targetCharacters) }
                passages += group(units).map {
                    Passage(text: $0.joined(separator: " "), heading: heading, reference: document.metadata.reference)
                }
            }
            start = end
        }
        return passages
    }

    /// Runs of whole verses, each named by the range it covers.
    private func verses(_ sections: ArraySlice<Document.Section>, heading: String?) -> [Passage] {
        group(sections.map { ($0.text, $0.reference) }).map { run in
            let first = run.first?.1.flatMap(ScriptureRange.init)
            let last = run.last?.1.flatMap(ScriptureRange.init)
            let reference = first.flatMap { first in last.flatMap { ScriptureRange.spanning(first, $0) } }
            return Passage(
                text: run.map(\.0).joined(separator: " "), heading: heading,
                reference: reference?.description ?? run.first?.1)
        }
    }

    private func group(_ units: [String]) -> [[String]] {
        group(units.map { ($0, ()) }).map { $0.map(\.0) }
    }

    /// Groups units into runs of about `targetCharacters`; each run after the first starts with the previous
    /// run's last units, up to `overlapCharacters`.
    private func group<Tag>(_ units: [(String, Tag)]) -> [[(String, Tag)]] {
        var runs: [[(String, Tag)]] = []
        var current: [(String, Tag)] = []
        var length = 0
        var fresh = 0  // units in `current` not carried over from the previous run
        for unit in units {
            if fresh > 0, length + unit.0.count > targetCharacters {
                runs.append(current)
                var carried: [(String, Tag)] = []
                var carriedLength = 0
                for previous in current.reversed() {
                    guard carried.count < current.count - 1, carriedLength + previous.0.count <= overlapCharacters
                    else { break }
                    carried.insert(previous, at: 0)
                    carriedLength += previous.0.count + 1
                }
                current = carried
                length = carriedLength
                fresh = 0
            }
            current.append(unit)
            length += unit.0.count + 1
            fresh += 1
        }
        if fresh > 0 { runs.append(current) }
        return runs
    }

    /// Paragraphs, with any longer than `limit` cut into sentences (and a sentence longer than that at spaces).
    static func units(of text: String, limit: Int) -> [String] {
        text.split(separator: "\n\n").flatMap { paragraph -> [String] in
            let flat = paragraph.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            guard !flat.isEmpty else { return [] }
            guard flat.count > limit else { return [flat] }
            return sentences(of: flat).flatMap { sentence in
                sentence.count > limit ? pieces(of: sentence, limit: limit) : [sentence]
            }
        }
    }

    /// Sentences end at ".", "!" or "?" followed by a space.
    private static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text {
            if character == " ", ".!?".contains(previous), !current.isEmpty {
                sentences.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    private static func pieces(of text: String, limit: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > limit, !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
