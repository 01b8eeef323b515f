import Foundation

/// BERT's uncased WordPiece tokenizer, without special tokens.
///
/// Reproduces Hugging Face `tokenizers` (BertNormalizer with lowercase and strip_accents, BertPreTokenizer,
/// WordPiece) as written down in `grounding/distill.py`, which also writes the reference ids the tests check:
/// control characters are dropped, whitespace separates words, CJK ideographs and punctuation are words of their
/// own, accents are stripped (NFD, then no nonspacing marks), characters are lowercased one by one, and each word is
/// split greedily into the longest vocabulary pieces, `##` marking a continuation.
package struct WordPieceTokenizer: Sendable {
    /// Pieces that start a word.
    private let initialPieces: PieceTable
    /// Pieces that continue a word, keyed without their `##` prefix.
    private let continuationPieces: PieceTable
    /// The id given to a word that is too long or has a part no piece matches.
    package let unknownID: Int32
    /// The number of ids: the lines of the vocabulary.
    package let vocabularySize: Int
    /// Longer words (in Unicode scalars) become `unknownID`.
    package let maxInputCharsPerWord: Int

    /// A tokenizer over the contents of a `vocab.txt`, one token per line, line number = token id.
    /// - Throws: `EmbeddingError` when the vocabulary has no `unknownToken` line.
    package init(vocabulary: String, unknownToken: String = "[UNK]", maxInputCharsPerWord: Int = 100)
        throws(EmbeddingError)
    {
        let bytes = Array(vocabulary.utf8)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the final newline ends a line, not a token
        let unknown = Array(unknownToken.utf8)
        var initial: [(bytes: ArraySlice<UInt8>, id: Int32)] = []
        var continuation: [(bytes: ArraySlice<UInt8>, id: Int32)] = []
        var unknownID: Int32?
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            let id = Int32(index)
            if line.elementsEqual(unknown) { unknownID = id }
            if line.count > 2, line.starts(with: [UInt8(ascii: "#"), UInt8(ascii: "#")]) {
                continuation.append((bytes: line.dropFirst(2), id: id))
            } else {
                initial.append((bytes: line, id: id))
            }
        }
        guard let unknownID else {
            throw EmbeddingError(
                code: .invalidFile, message: "The embedding vocabulary has no \(unknownToken) token.")
        }
        self.initialPieces = PieceTable(initial)
        self.continuationPieces = PieceTable(continuation)
        self.unknownID = unknownID
        self.vocabularySize = lines.count
        self.maxInputCharsPerWord = maxInputCharsPerWord
    }

    /// The WordPiece ids of `text`, including `unknownID` for words that have no segmentation.
    package func ids(_ text: String) -> [Int32] {
        // Accents are stripped from the canonical decomposition (NFD). Foundation's costs about 50 ns a character,
        // so it runs only when it may change the text: ASCII, general punctuation and CJK ideographs never do.
        let needsNFD = text.unicodeScalars.contains(where: Self.mayChangeUnderNFD)
        let decomposed = needsNFD ? text.decomposedStringWithCanonicalMapping : text
        var words = Words(capacity: decomposed.utf8.count)
        for scalar in decomposed.unicodeScalars {
            if scalar.isASCII {
                Self.normalize(ascii: UInt8(scalar.value), into: &words)
            } else {
                Self.normalize(scalar, into: &words)
            }
        }
        words.endWord()

        var ids: [Int32] = []
        ids.reserveCapacity(words.wordEnds.count + words.wordEnds.count / 2)
        var start = 0
        for end in words.wordEnds {
            if !appendPieces(of: words, scalars: start..<end, to: &ids) { ids.append(unknownID) }
            start = end
        }
        return ids
    }

    /// Adds an ASCII character to `words` after BERT's normalisation (see `normalize(_:into:)`).
    private static func normalize(ascii byte: UInt8, into words: inout Words) {
        switch byte {
        case 0x09, 0x0A, 0x0D, 0x20: words.endWord()
        case 0x00...0x1F, 0x7F: break  // control characters
        case 0x41...0x5A: words.append(ascii: byte + 0x20)  // A-Z
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: words.appendWord(Unicode.Scalar(byte))  // punctuation
        default: words.append(ascii: byte)
        }
    }

    /// Adds a non-ASCII `scalar` to `words` after BERT's normalisation: control characters and accents vanish,
    /// whitespace ends a word, CJK ideographs and punctuation are words of their own, everything is lowercased.
    ///
    /// Kept apart from the ASCII path, and asking for one general category only: each Unicode property lookup
    /// costs about 100 ns.
    private static func normalize(_ scalar: Unicode.Scalar, into words: inout Words) {
        if scalar.value == 0xFFFD { return }
        if isCJK(scalar.value) {
            words.appendWord(scalar)
            return
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .privateUse, .nonspacingMark:  // nonspacing marks are the accents, as the text is NFD
            return
        case .spaceSeparator, .lineSeparator, .paragraphSeparator:  // Unicode White_Space, less control characters
            words.endWord()
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            words.appendWord(scalar)
        case .uppercaseLetter, .titlecaseLetter, .letterNumber, .otherSymbol:  // the categories lowercasing changes
            for lower in properties.lowercaseMapping.unicodeScalars {
                if isPunctuation(lower) { words.appendWord(lower) } else { words.append(lower) }
            }
        default:
            words.append(scalar)
        }
    }

    /// Appends the greedy longest-match-first pieces of a word to `ids`; false, appending nothing, when some part
    /// of the word matches no piece or the word is too long.
    private func appendPieces(of words: Words, scalars: Range<Int>, to ids: inout [Int32]) -> Bool {
        guard scalars.count <= maxInputCharsPerWord else { return false }
        let firstPiece = ids.count
        var start = scalars.lowerBound
        while start < scalars.upperBound {
            let startByte = words.byteOffset(ofScalar: start)
            var end = scalars.upperBound
            var found: Int32?
            while end > start {
                let piece = words.bytes[startByte..<words.byteOffset(ofScalar: end)]
                found = start == scalars.lowerBound ? initialPieces.id(of: piece) : continuationPieces.id(of: piece)
                if found != nil { break }
                end -= 1
            }
            guard let id = found else {
                ids.removeSubrange(firstPiece...)
                return false
            }
            ids.append(id)
            start = end
        }
        return true
    }

    /// Whether NFD may change a text holding `scalar`: it may have a canonical decomposition, or canonical ordering
    /// may move it. The blocks listed hold all 13,233 decomposable scalars of Unicode 14, whole, so that scripts
    /// gaining decompositions later stay covered.
    package static func mayChangeUnderNFD(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0xC0:
            return false
        case 0xC0...0x2001, 0x2126...0x2ADC, 0x3040...0x30FF, 0xAC00...0xD7A3, 0xF900...0xFB4F, 0x11000...0x1D1FF,
            0x2F800...0x2FA1F:
            return true
        default:
            return !isCJK(scalar.value) && scalar.properties.canonicalCombiningClass != .notReordered
        }
    }

    /// ASCII 33-47, 58-64, 91-96, 123-126, or a Unicode punctuation category, as BERT defines punctuation.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        case 0..<0x80: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The ranges of Hugging Face's `is_chinese_char`, verbatim (0x2B920, where Google's BERT has 0x2B820).
    private static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}

/// The normalised words of a text: UTF-8 bytes, where each scalar ends and where each word ends.
///
/// WordPiece counts and splits words by Unicode scalar and matches pieces byte for byte. `String` would compare
/// by canonical equivalence and slice at grapheme boundaries, so words stay bytes.
private struct Words {
    var bytes: [UInt8] = []
    /// The byte offset just after each scalar.
    var scalarEnds: [Int] = []
    /// The scalar count just after each word.
    var wordEnds: [Int] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
        scalarEnds.reserveCapacity(capacity)
    }

    func byteOffset(ofScalar index: Int) -> Int { index == 0 ? 0 : scalarEnds[index - 1] }

    mutating func append(ascii byte: UInt8) {
        bytes.append(byte)
        scalarEnds.append(bytes.count)
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { bytes.append($0) }
        scalarEnds.append(bytes.count)
    }

    /// Appends `scalar` as a word of its own.
    mutating func appendWord(_ scalar: Unicode.Scalar) {
        endWord()
        append(scalar)
        endWord()
    }

    mutating func endWord() {
        if scalarEnds.count > (wordEnds.last ?? 0) { wordEnds.append(scalarEnds.count) }
    }
}

/// Token ids keyed by exact UTF-8 bytes: open addressing with linear probing over FNV-1a hashes.
private struct PieceTable: Sendable {
    /// Every piece's bytes, one after another; entry `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    private let ids: [Int32]
    /// Entry index + 1 per slot, 0 for an empty slot; the count is a power of two at least twice the entries.
    private let slots: [Int32]

    init(_ pieces: [(bytes: ArraySlice<UInt8>, id: Int32)]) {
        var capacity = 16
        while capacity < pieces.count * 2 { capacity *= 2 }
        var bytes: [UInt8] = []
        var starts = [0]
        var ids: [Int32] = []
        var slots = [Int32](repeating: 0, count: capacity)
        for piece in pieces {
            var slot = Self.hash(piece.bytes) & (capacity - 1)
            var isDuplicate = false
            while slots[slot] != 0 {
                let entry = Int(slots[slot]) - 1
                if bytes[starts[entry]..<starts[entry + 1]] == piece.bytes {
                    ids[entry] = piece.id  // a later duplicate line wins, as when Hugging Face reads vocab.txt
                    isDuplicate = true
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if isDuplicate { continue }
            bytes.append(contentsOf: piece.bytes)
            starts.append(bytes.count)
            ids.append(piece.id)
            slots[slot] = Int32(ids.count)
        }
        self.bytes = bytes
        self.starts = starts
        self.ids = ids
        self.slots = slots
    }

    func id(of piece: ArraySlice<UInt8>) -> Int32? {
        let mask = slots.count - 1
        var slot = Self.hash(piece) & mask
        while slots[slot] != 0 {
            let entry = Int(slots[slot]) - 1
            if bytes[starts[entry]..<starts[entry + 1]] == piece { return ids[entry] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}
