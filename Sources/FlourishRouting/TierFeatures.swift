import Foundation

/// The classifier's features of one text, computed exactly as `routing/features.py` computes them: one pass over
/// the capped text's UTF-8, lowercasing as it goes, with token hashes built incrementally (no string per word).
struct TierFeatures {
    /// The shape features, in `features.SHAPE` order; the cue features follow them.
    static let shapeNames = [
        "bytes", "tokens", "lines", "paragraphs", "ask_share", "unique_words", "code", "indented_lines", "math",
        "question_marks", "digits", "non_ascii", "long_word_count", "short_word_count", "short_question",
    ]
    static let offsetBasis: UInt32 = 0x811C_9DC5
    private static let askSalt: UInt8 = 0x01
    private static let cueScale = 2.0

    /// What the weight file says the features need besides the text.
    struct Vocabulary: Sendable {
        var buckets: Int
        var halfCap: Int
        var askTokens: Int
        /// Cue words, and cue stems that match any token starting with them; masks have a bit per cue group.
        var words: CueTable
        var stems: CueTable
        var cueCount: Int
        var units: CueTable
        /// The cue groups emitted again times short_question.
        var shortQuestionCues: [Int]
    }

    /// (bucket, value) of the text block, then of the ask block; a bucket may appear in both.
    var hashed: [(bucket: Int, value: Double)] = []
    var dense: [Double] = []

    init(text: String, vocabulary: Vocabulary) {
        // features.py's loop, statement for statement; locals rather than a state struct keep it fast.
        var tokens: [Token] = [], breaks: [Int] = []
        tokens.reserveCapacity(min(text.utf8.count, 2 * vocabulary.halfCap) / 4)
        var newlines = 0, questions = 0, mathChars = 0, codeChars = 0, digits = 0, letters = 0, nonASCII = 0
        var indented = 0, longWords = 0, shortWords = 0
        var inToken = false, token: UInt32 = 0, bigram: UInt32 = 0, mask: UInt32 = 0
        var number: Int?, previousNumber: Int?  // the value of an all-ASCII-digit token, and of the one before
        var length = 0, gap = 0, gapIsSeparator = false, blankPending = false
        var newlineRun = 0, lead = -1  // newlines since the last non-space; 0 or 1 spaces into a line, else -1
        let stems = vocabulary.stems, words = vocabulary.words, units = vocabulary.units, common = ScalarFacts.common
        let bytes = Self.cappedUTF8(text, halfCap: vocabulary.halfCap)
        var offset = 0
        var more: [Unicode.Scalar] = []  // the rest of a lowercase mapping longer than one scalar ("İ")
        while offset < bytes.count {
            // A scalar, lowercased as Python's str.lower() lowercases one character: rarely into several.
            var (scalar, width) = Self.decode(bytes, at: offset)
            offset += width
            var facts = scalar.value < 0x500 ? common[Int(scalar.value)] : ScalarFacts(scalar)
            if facts.contains(.changesWhenLowercased) {
                if scalar.isASCII {
                    scalar = Unicode.Scalar(UInt8(scalar.value + 32))
                    facts = .letter
                } else {
                    more = Array(scalar.properties.lowercaseMapping.unicodeScalars)
                    scalar = more.removeFirst()
                    facts = ScalarFacts(scalar)
                }
            }
            while true {
                let value = scalar.value
                if value == 0x0A {
                    newlines += 1
                    newlineRun += 1
                    lead = 0
                } else {
                    if value != 0x20 && value != 0x09 && value != 0x0D {
                        blankPending = blankPending || newlineRun >= 2  // a blank line: a new paragraph
                        newlineRun = 0
                    }
                    if lead == 0 && value == 0x20 {
                        lead = 1
                    } else if lead >= 0 {
                        if value == 0x09 || value == 0x20 { indented += 1 }  // a tab or two spaces open the line
                        lead = -1
                    }
                }
                let isLetter = facts.contains(.letter), isDigit = facts.contains(.digit)
                if isLetter || isDigit {
                    if !inToken {
                        if blankPending && !tokens.isEmpty { breaks.append(tokens.count) }
                        blankPending = false
                        inToken = true
                        token = Self.offsetBasis
                        bigram = tokens.last.map { Self.mix(0x20, into: $0.hash) } ?? 0  // unused for the first token
                        number = 0
                        length = 0
                        mask = 0
                    }
                    token = Self.mix(scalar, into: token)
                    bigram = Self.mix(scalar, into: bigram)
                    mask |= stems.mask(of: token)  // token is the hash of the token so far
                    if let current = number, value >= 48 && value <= 57 {
                        number = min(current * 10 + Int(value) - 48, 10_000_000)
                    } else {
                        number = nil
                    }
                    length += 1
                    if isLetter {
                        letters += 1
                        if value >= 0x80 { nonASCII += 1 }
                    }
                    if isDigit { digits += 1 }
                } else {
                    if inToken {
                        if let current = number, let previous = previousNumber, length == 3, gap == 1, gapIsSeparator {
                            number = min(previous * 1000 + current, 10_000_000)  // "3,000" and "4.000": one number
                        }
                        if let previous = previousNumber, gap <= 1, units.mask(of: token) != 0 {
                            if previous >= 1500 { longWords += 1 }
                            if previous >= 100 && previous < 1500 { shortWords += 1 }
                        }
                        tokens.append(Token(hash: token, bigram: bigram, cues: mask | words.mask(of: token)))
                        inToken = false
                        previousNumber = number
                        gap = 0
                    }
                    gap += 1
                    gapIsSeparator = gap == 1 && (value == 0x2C || value == 0x2E)
                    if value == 0x3F { questions += 1 }
                    if Self.isMath(value) { mathChars += 1 }
                    if Self.isCode(value) { codeChars += 1 }
                }
                if more.isEmpty { break }
                scalar = more.removeFirst()
                facts = ScalarFacts(scalar)
            }
        }

        let n = tokens.count
        let headEnd = min(breaks.first ?? n, vocabulary.askTokens)
        let tailStart = max(breaks.last ?? 0, n - vocabulary.askTokens, headEnd)
        let ask = Array(0..<headEnd) + Array(tailStart..<n)
        var block = Block(buckets: vocabulary.buckets)
        for token in tokens { block.count(token.hash) }
        let distinct = block.hit.count  // distinct unigram buckets
        for token in tokens.dropFirst() { block.count(token.bigram) }
        hashed = block.normalised()
        block.reset()
        for i in ask { block.count(Self.mix(Self.askSalt, into: tokens[i].hash)) }
        for i in ask where i != 0 && i != tailStart { block.count(Self.mix(Self.askSalt, into: tokens[i].bigram)) }
        hashed += block.normalised()

        let shortQuestion: Double = questions > 0 && n <= 16 ? 1 : 0
        dense = [
            min(1, log1p(Double(text.utf8.count)) / 10), min(1, log1p(Double(n)) / 8),
            min(1, Double(newlines) / 50), min(1, Double(breaks.count) / 10),
            n > 0 ? Double(ask.count) / Double(n) : 1, n > 0 ? Double(distinct) / Double(n) : 1,
            min(1, Double(codeChars) / 20), min(1, Double(indented) / 10), min(1, Double(mathChars) / 10),
            min(1, Double(questions) / 3), min(1, Double(digits) / 20),
            letters > 0 ? Double(nonASCII) / Double(letters) : 0, min(1, Double(longWords)),
            min(1, Double(shortWords)), shortQuestion,
        ]
        var cues = [Double](repeating: 0, count: vocabulary.cueCount)
        for i in ask {
            for bit in 0..<vocabulary.cueCount where tokens[i].cues >> bit & 1 == 1 { cues[bit] += 1 }
        }
        cues = cues.map { min(1, $0 / Self.cueScale) }
        dense += cues + vocabulary.shortQuestionCues.map { cues[$0] * shortQuestion }
    }

    /// The UTF-8 features.py reads: the text, or its first and last `halfCap` scalars joined by a space when it
    /// has more, then a space that ends the last token.
    private static func cappedUTF8(_ text: String, halfCap: Int) -> [UInt8] {
        var bytes = Array(text.utf8)
        if bytes.count > 2 * halfCap {  // never more scalars than bytes
            var headEnd = 0, starts = 0  // headEnd: where scalar number halfCap starts
            while headEnd < bytes.count {
                if bytes[headEnd] & 0xC0 != 0x80 {
                    if starts == halfCap { break }
                    starts += 1
                }
                headEnd += 1
            }
            var tailStart = bytes.count
            starts = 0
            while tailStart > 0 && starts < halfCap {
                tailStart -= 1
                if bytes[tailStart] & 0xC0 != 0x80 { starts += 1 }
            }
            if tailStart > headEnd { bytes = Array(bytes[..<headEnd]) + [0x20] + Array(bytes[tailStart...]) }
        }
        bytes.append(0x20)
        return bytes
    }

    /// The scalar whose UTF-8 starts at `offset`, and its length in bytes; the bytes come from a String.
    @inline(__always) private static func decode(_ bytes: [UInt8], at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let width = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = lead & (0x7F >> UInt32(width))
        for next in offset + 1..<offset + width { value = value << 6 | UInt32(bytes[next]) & 0x3F }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    /// A token's FNV-1a hash, its bigram's with the token before, and the cue groups it is in.
    private struct Token {
        var hash: UInt32
        var bigram: UInt32
        var cues: UInt32
    }

    /// Counts of hashed n-grams in buckets, turned into log(1 + count), L2-normalised.
    private struct Block {
        private var counts: [Int32]
        private(set) var hit: [Int] = []

        init(buckets: Int) {
            counts = [Int32](repeating: 0, count: buckets)
        }

        mutating func count(_ hash: UInt32) {
            let bucket = Int(hash % UInt32(counts.count))
            if counts[bucket] == 0 { hit.append(bucket) }
            counts[bucket] += 1
        }

        func normalised() -> [(bucket: Int, value: Double)] {
            let weights = hit.map { ($0, log1p(Double(counts[$0]))) }
            let norm = weights.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            return weights.map { ($0.0, $0.1 / norm) }
        }

        /// Empties the block for the next one, touching only the buckets it used.
        mutating func reset() {
            for bucket in hit { counts[bucket] = 0 }
            hit.removeAll(keepingCapacity: true)
        }
    }

    /// What the loop asks of a scalar, as Python's `isalpha()`, `isdigit()` and `lower()` see it. Unicode
    /// property lookups cost more than the rest of the loop, so the common scripts skip them.
    struct ScalarFacts: OptionSet, Sendable {
        let rawValue: UInt8
        static let letter = ScalarFacts(rawValue: 1)
        static let digit = ScalarFacts(rawValue: 2)
        static let changesWhenLowercased = ScalarFacts(rawValue: 4)

        /// Below U+0500 (ASCII, Latin, Greek, Cyrillic), looked up once.
        static let common: [ScalarFacts] = (0..<0x500).map { value in
            Unicode.Scalar(UInt32(value)).map { ScalarFacts(lookingUp: $0) } ?? []
        }

        init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        init(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case ..<0x500: self = Self.common[Int(scalar.value)]
            case 0x4E00...0x9FFF, 0xAC00...0xD7A3: self = .letter  // CJK ideographs and Hangul syllables: uncased
            default: self.init(lookingUp: scalar)
            }
        }

        private init(lookingUp scalar: Unicode.Scalar) {
            let properties = scalar.properties
            var facts: ScalarFacts = []
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                facts.insert(.letter)
            default: break
            }
            if properties.numericType == .decimal || properties.numericType == .digit { facts.insert(.digit) }
            if properties.changesWhenLowercased { facts.insert(.changesWhenLowercased) }
            self = facts
        }
    }

    static func mix(_ byte: UInt8, into value: UInt32) -> UInt32 {
        (value ^ UInt32(byte)) &* 0x0100_0193
    }

    /// FNV-1a continued over the scalar's UTF-8 bytes, encoded here to avoid a buffer per scalar.
    @inline(__always) static func mix(_ scalar: Unicode.Scalar, into value: UInt32) -> UInt32 {
        scalar.isASCII ? mix(UInt8(scalar.value), into: value) : mixEncoding(scalar, into: value)
    }

    private static func mixEncoding(_ scalar: Unicode.Scalar, into value: UInt32) -> UInt32 {
        let code = scalar.value
        func continuation(_ shift: UInt32) -> UInt8 { UInt8(0x80 | (code >> shift) & 0x3F) }
        if code < 0x800 { return mix(continuation(0), into: mix(UInt8(0xC0 | code >> 6), into: value)) }
        if code < 0x10000 {
            return mix(continuation(0), into: mix(continuation(6), into: mix(UInt8(0xE0 | code >> 12), into: value)))
        }
        let lead = mix(continuation(12), into: mix(UInt8(0xF0 | code >> 18), into: value))
        return mix(continuation(0), into: mix(continuation(6), into: lead))
    }

    /// 32-bit FNV-1a of a string's UTF-8 bytes.
    static func hash(_ text: String) -> UInt32 {
        text.utf8.reduce(offsetBasis) { mix($1, into: $0) }
    }

    /// `= ^ ∑ ∫ √ + * / < >`, features.MATH.
    private static func isMath(_ value: UInt32) -> Bool {
        switch value {
        case 0x3D, 0x5E, 0x2B, 0x2A, 0x2F, 0x3C, 0x3E, 0x2211, 0x222B, 0x221A: true
        default: false
        }
    }

    /// `{ } [ ] ; ` _ \ |`, features.CODE.
    private static func isCode(_ value: UInt32) -> Bool {
        switch value {
        case 0x7B, 0x7D, 0x5B, 0x5D, 0x3B, 0x60, 0x5F, 0x5C, 0x7C: true
        default: false
        }
    }
}

/// Token hashes mapped to cue-group bit masks: a sorted table behind a 4,096-bit filter, so most lookups cost one
/// bit test (the loop looks stems up once per scalar).
struct CueTable: Sendable {
    private var keys: [UInt32] = []
    private var masks: [UInt32] = []
    private var filter = [UInt64](repeating: 0, count: 64)

    /// Each word's FNV-1a hash maps to the bits of every group it is listed in.
    init(_ words: [(word: String, bit: Int)]) {
        var table: [UInt32: UInt32] = [:]
        for (word, bit) in words { table[TierFeatures.hash(word), default: 0] |= 1 << UInt32(bit) }
        for key in table.keys.sorted() {
            keys.append(key)
            masks.append(table[key] ?? 0)
            filter[Int(key & 4095) >> 6] |= 1 << UInt64(key & 63)
        }
    }

    @inline(__always) func mask(of hash: UInt32) -> UInt32 {
        filter[Int(hash & 4095) >> 6] >> UInt64(hash & 63) & 1 == 1 ? search(hash) : 0
    }

    private func search(_ hash: UInt32) -> UInt32 {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < hash { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == hash ? masks[low] : 0
    }
}
