import FlourishAPI
import Foundation

/// The local safety screen: phrase rules, personal-data shapes and verbatim pieces of the protected prompts,
/// run over a text in one pass of each, with no network call.
package struct SafetyScreen: Sendable {
    private let inputRules: PhraseRules
    private let outputRules: PhraseRules
    private let personalData = PersonalDataDetector()
    private let promptLeaks: PromptLeakDetector
    private let classifier: SafetyClassifier?

    /// - Parameters:
    ///   - rules: the phrase rules, in `PhraseRules`' format.
    ///   - protectedTexts: prompts an answer must not repeat (the perspectives).
    ///   - classifier: screens input beside the rules.
    init(rules: String, protectedTexts: [String], classifier: SafetyClassifier? = nil)
        throws(SafetyConfigurationError)
    {
        let rules = try PhraseRules(parsing: rules)
        inputRules = rules.screening(.input)
        outputRules = rules.screening(.output)
        promptLeaks = PromptLeakDetector(protecting: protectedTexts)
        self.classifier = classifier
    }

    /// The screen with the rules and classifier shipped in `SafetyData/`.
    /// - Parameter usesClassifier: false to screen with the rules and detectors alone, to measure what each adds.
    package static func bundled(protecting protectedTexts: [String], usesClassifier: Bool = true)
        throws(SafetyConfigurationError) -> SafetyScreen
    {
        let rules = try resource("rules", "txt")
        let classifier =
            usesClassifier
            ? try SafetyClassifier(file: SafetyClassifier.parse(try resource("classifier", "json"))) : nil
        return try SafetyScreen(
            rules: String(decoding: rules, as: UTF8.self), protectedTexts: protectedTexts, classifier: classifier)
    }

    static func resource(_ name: String, _ type: String) throws(SafetyConfigurationError) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "SafetyData"),
            let data = try? Data(contentsOf: url)
        else {
            throw SafetyConfigurationError("SafetyData/\(name).\(type) is missing from the resource bundle")
        }
        return data
    }

    /// What `text` contains, at most one finding per category (the most severe, first found on a tie).
    package func findings(in text: String, stage: SafetyStage) -> [SafetyFinding] {
        let words = ScreenText(text)
        var found: [SafetyFinding] = []
        var allowed: [(span: Range<Int>, categories: Set<SafetyCategory>)] = []
        let rules = stage == .input ? inputRules : outputRules
        for match in rules.matches(in: words) {
            switch rules.rules[match.rule].effect {
            case .finding(let category, let severity, let stages) where stages.contains(stage):
                found.append(SafetyFinding(category: category, severity: severity, stage: stage, span: match.span))
            case .allow(let categories):
                allowed.append((match.span, categories))
            case .finding:
                break
            }
        }
        found.removeAll { finding in
            allowed.contains { $0.categories.contains(finding.category) && $0.span.overlaps(finding.span) }
        }
        if stage == .input, let classifier {
            // The classifier sees the whole text; an allow rule anywhere in it cancels its guess for that category.
            for category in classifier.categories(in: words)
            where !found.contains(where: { $0.category == category })
                && !allowed.contains(where: { $0.categories.contains(category) })
            {
                found.append(
                    SafetyFinding(category: category, severity: .high, stage: stage, span: 0..<text.utf8.count))
            }
        }
        if stage == .output {
            found = personalFindings(in: words.bytes, with: found, allowed: allowed)
            if let span = promptLeaks.firstLeak(in: words) {
                found.append(SafetyFinding(category: .promptExtraction, severity: .high, stage: stage, span: span))
            }
        }
        return Self.strongestPerCategory(found)
    }

    /// `found` with personal data found by shape. A contact detail alone (a phone number, a personal email
    /// address, a street address from the rules: `low`) is not a leak; two or more are someone's contact record
    /// and become `high`, unless an allow rule says the text is about an organisation (a church office, a hotline).
    private func personalFindings(
        in bytes: [UInt8], with found: [SafetyFinding], allowed: [(span: Range<Int>, categories: Set<SafetyCategory>)]
    ) -> [SafetyFinding] {
        var all =
            found
            + personalData.findings(in: bytes).map {
                SafetyFinding(category: .personalData, severity: $0.severity, stage: .output, span: $0.span)
            }
        let isContact = { (finding: SafetyFinding) in finding.category == .personalData && finding.severity == .low }
        let isPublic = allowed.contains { $0.categories.contains(.personalData) }
        if all.count(where: isContact) >= 2, !isPublic {
            for index in all.indices where isContact(all[index]) { all[index].severity = .high }
        } else {
            all.removeAll(where: isContact)
        }
        return all
    }

    private static func strongestPerCategory(_ findings: [SafetyFinding]) -> [SafetyFinding] {
        var strongest: [SafetyFinding] = []
        for finding in findings.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }) {
            if let index = strongest.firstIndex(where: { $0.category == finding.category }) {
                if finding.severity > strongest[index].severity { strongest[index] = finding }
            } else {
                strongest.append(finding)
            }
        }
        return strongest
    }
}

/// Finds an answer repeating a protected prompt: any run of `windowLength` words taken verbatim from one.
struct PromptLeakDetector: Sendable {
    static let windowLength = 12
    /// Hashes of every window of the protected texts, sorted for binary search.
    private let windows: [UInt64]

    init(protecting texts: [String]) {
        var windows: Set<UInt64> = []
        for text in texts {
            let hashes = ScreenText(text).words.map { $0.hash }
            guard hashes.count >= Self.windowLength else { continue }
            for start in 0...(hashes.count - Self.windowLength) {
                windows.insert(Self.combine(hashes, from: start))
            }
        }
        self.windows = windows.sorted()
    }

    /// The span of the first repeated run in `text`, if any.
    func firstLeak(in text: ScreenText) -> Range<Int>? {
        let words = text.words
        guard !windows.isEmpty, words.count >= Self.windowLength else { return nil }
        let hashes = words.map { $0.hash }
        for start in 0...(words.count - Self.windowLength) where contains(Self.combine(hashes, from: start)) {
            return words[start].span.lowerBound..<words[start + Self.windowLength - 1].span.upperBound
        }
        return nil
    }

    private func contains(_ hash: UInt64) -> Bool {
        var low = 0
        var high = windows.count
        while low < high {
            let middle = (low + high) / 2
            if windows[middle] < hash { low = middle + 1 } else { high = middle }
        }
        return low < windows.count && windows[low] == hash
    }

    private static func combine(_ hashes: [UInt64], from start: Int) -> UInt64 {
        var combined = FNV.offset
        for index in start..<(start + windowLength) { combined = (combined ^ hashes[index]) &* FNV.prime }
        return combined
    }
}
