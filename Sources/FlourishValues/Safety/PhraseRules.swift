import FlourishAPI
import Foundation

/// Word-sequence rules read from a small text format, matched over `ScreenText` words.
///
/// ```
/// # comment (a line starting with '# ')
/// [self_harm critical input]        the section: category, severity, and the stages it screens
/// kill|hurt myself                  one rule: slots of alternatives, matched word after word
/// want ~2 to die                    `~N`: up to N other words may come between two slots
/// sui*                              `prefix*`: any word starting with 3 to 6 letters
/// <n> st|street                     `<n>`: any number; `<minor>`: a number from 1 to 17 (an age)
/// [allow violence]                  rules that cancel findings of these categories where they overlap
/// kill ~1 process|task
/// ```
struct PhraseRules: Sendable {
    /// The prefix lengths `prefix*` may have; `ScreenText` hashes each word's prefixes of these lengths.
    static let prefixLengths = (3, 4, 5, 6)

    struct Slot: Sendable {
        var words = WordTable<Bool>()
        var prefixes = WordTable<Bool>()
        /// Whether any number matches (`<n>`).
        var acceptsNumbers = false
        /// Whether the numbers 1 to 17 match (`<minor>`).
        var acceptsMinorAges = false
        /// How many other words may come before this slot's word (0 for the first slot).
        var gap = 0

        func matches(_ word: ScreenText.Word) -> Bool {
            if words.contains(word.hash) || (acceptsNumbers && word.isNumber) { return true }
            if acceptsMinorAges, (1...17).contains(word.smallNumber) { return true }
            guard !prefixes.isEmpty else { return false }
            let hashes = word.prefixHashes
            return prefixes.contains(hashes.0) || prefixes.contains(hashes.1) || prefixes.contains(hashes.2)
                || prefixes.contains(hashes.3)
        }
    }

    /// What a section's rules report.
    enum Effect: Sendable, Equatable {
        case finding(SafetyCategory, SafetySeverity, Set<SafetyStage>)
        /// Cancels overlapping findings of these categories.
        case allow(Set<SafetyCategory>)
    }

    struct Rule: Sendable {
        var slots: [Slot]
        var effect: Effect
        /// The line in the rules file, for error messages and debugging.
        var line: Int
    }

    struct Match {
        var rule: Int
        var span: Range<Int>
    }

    private(set) var rules: [Rule] = []
    /// Rules by a word their first slot accepts.
    private var rulesByFirstWord = WordTable<[Int]>()
    /// Rules by a prefix their first slot accepts.
    private var rulesByFirstPrefix = WordTable<[Int]>()
    /// Rules whose first slot accepts any number.
    private var rulesStartingWithNumber: [Int] = []

    /// Parses the format above.
    /// - Throws: `SafetyConfigurationError` naming the line that cannot be read.
    init(parsing source: String) throws(SafetyConfigurationError) {
        var effect: Effect?
        for (offset, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let text = rawLine.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("# ") || text == "#" { continue }
            if text.hasPrefix("[") {
                guard text.hasSuffix("]") else { throw .init("rules line \(line): a section ends with ']'") }
                effect = try Self.section(text.dropFirst().dropLast(), line: line)
                continue
            }
            guard let effect else { throw .init("rules line \(line): a rule comes before any [section]") }
            add(Rule(slots: try Self.slots(text, line: line), effect: effect, line: line))
        }
    }

    /// Only the rules that screen `stage`, with every allow rule: fewer lookups per word.
    func screening(_ stage: SafetyStage) -> PhraseRules {
        var kept = PhraseRules()
        for rule in rules {
            if case .finding(_, _, let stages) = rule.effect, !stages.contains(stage) { continue }
            kept.add(rule)
        }
        return kept
    }

    private init() {}

    private mutating func add(_ rule: Rule) {
        let index = rules.count
        rules.append(rule)
        for hash in rule.slots[0].words.allKeys { rulesByFirstWord[hash] = (rulesByFirstWord[hash] ?? []) + [index] }
        for hash in rule.slots[0].prefixes.allKeys {
            rulesByFirstPrefix[hash] = (rulesByFirstPrefix[hash] ?? []) + [index]
        }
        if rule.slots[0].acceptsNumbers || rule.slots[0].acceptsMinorAges { rulesStartingWithNumber.append(index) }
    }

    /// Every match in `text`, in order of where it starts.
    func matches(in text: ScreenText) -> [Match] {
        let words = text.words
        var found: [Match] = []
        for (position, word) in words.enumerated() {
            var candidates = rulesByFirstWord[word.hash] ?? []
            if word.isNumber { candidates += rulesStartingWithNumber.filter { !candidates.contains($0) } }
            if !rulesByFirstPrefix.isEmpty {
                let prefixes = word.prefixHashes
                for hash in [prefixes.0, prefixes.1, prefixes.2, prefixes.3] where hash != 0 {
                    // A rule whose first slot has both a word and its prefix is a candidate once.
                    for rule in rulesByFirstPrefix[hash] ?? [] where !candidates.contains(rule) {
                        candidates.append(rule)
                    }
                }
            }
            for ruleIndex in candidates {
                let slots = rules[ruleIndex].slots
                if let last = Self.end(of: slots, from: 1, after: position, in: words) {
                    found.append(Match(rule: ruleIndex, span: word.span.lowerBound..<words[last].span.upperBound))
                }
            }
        }
        return found
    }

    /// The position of the last word when `slots[slot...]` match after `position`, trying the nearest word first.
    private static func end(of slots: [Slot], from slot: Int, after position: Int, in words: [ScreenText.Word])
        -> Int?
    {
        guard slot < slots.count else { return position }
        let last = min(words.count - 1, position + 1 + slots[slot].gap)
        guard position + 1 <= last else { return nil }
        for next in (position + 1)...last where slots[slot].matches(words[next]) {
            if let end = end(of: slots, from: slot + 1, after: next, in: words) { return end }
        }
        return nil
    }

    private static func section(_ header: Substring, line: Int) throws(SafetyConfigurationError) -> Effect {
        let parts = header.split(separator: " ")
        guard let head = parts.first else { throw .init("rules line \(line): an empty section") }
        if head == "allow" {
            var categories: Set<SafetyCategory> = []
            for name in parts.dropFirst() {
                guard let category = SafetyCategory(rawValue: String(name)) else {
                    throw .init("rules line \(line): unknown category '\(name)'")
                }
                categories.insert(category)
            }
            return .allow(categories.isEmpty ? Set(SafetyCategory.allCases) : categories)
        }
        guard let category = SafetyCategory(rawValue: String(head)) else {
            throw .init("rules line \(line): unknown category '\(head)'")
        }
        guard parts.count >= 2, let severity = SafetySeverity(rawValue: String(parts[1])) else {
            throw .init("rules line \(line): a section names a severity (low, medium, high or critical)")
        }
        var stages: Set<SafetyStage> = []
        for name in parts.dropFirst(2) {
            guard let stage = SafetyStage(rawValue: String(name)) else {
                throw .init("rules line \(line): unknown stage '\(name)' (input or output)")
            }
            stages.insert(stage)
        }
        return .finding(category, severity, stages.isEmpty ? [.input, .output] : stages)
    }

    private static func slots(_ text: String, line: Int) throws(SafetyConfigurationError) -> [Slot] {
        var slots: [Slot] = []
        var gap = 0
        for token in text.split(separator: " ") {
            if token.hasPrefix("~") {
                guard let count = Int(token.dropFirst()), count > 0, !slots.isEmpty else {
                    throw .init("rules line \(line): '~N' needs a number and comes between two words")
                }
                gap = count
                continue
            }
            var slot = Slot(gap: gap)
            gap = 0
            for alternative in token.split(separator: "|") {
                let word = alternative.lowercased().filter { $0 != "'" && $0 != "’" }
                if word == "<n>" {
                    slot.acceptsNumbers = true
                } else if word == "<minor>" {
                    slot.acceptsMinorAges = true
                } else if word.hasSuffix("*") {
                    let prefix = word.dropLast()
                    let lengths = prefixLengths
                    guard [lengths.0, lengths.1, lengths.2, lengths.3].contains(prefix.utf8.count) else {
                        throw .init("rules line \(line): '\(alternative)' needs a prefix of 3 to 6 letters")
                    }
                    slot.prefixes.insert(FNV.hash(prefix))
                } else {
                    guard !word.isEmpty, ScreenText(word).words.count == 1 else {
                        throw .init("rules line \(line): '\(alternative)' is not one word")
                    }
                    slot.words.insert(FNV.hash(word))
                }
            }
            slots.append(slot)
        }
        guard !slots.isEmpty, gap == 0 else { throw .init("rules line \(line): a rule ends with a word") }
        return slots
    }
}

/// The safety rules or policy cannot be used.
package struct SafetyConfigurationError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
