/// A text cut into lowercase words for the phrase rules, each with its UTF-8 offsets and hashes.
///
/// Words are runs of letters, digits and non-ASCII characters; ASCII and typographic apostrophes inside a word
/// are dropped, so "don't" and "don’t" both read "dont". Hashing the bytes (FNV-1a) instead of building strings
/// keeps screening free of allocations per word.
struct ScreenText {
    struct Word {
        /// FNV-1a of the lowercase bytes.
        var hash: UInt64
        /// FNV-1a of the first `PhraseRules.prefixLengths` bytes, for `prefix*` patterns; 0 when shorter.
        var prefixHashes: (UInt64, UInt64, UInt64, UInt64)
        var span: Range<Int>
        /// Whether every character is an ASCII digit, for the `#` slot.
        var isNumber: Bool
        /// Bytes hashed (apostrophes not counted).
        var length: Int
        /// The value of a number of at most three digits, for the `<minor>` slot; -1 otherwise.
        var smallNumber: Int
    }

    private(set) var words: [Word] = []
    /// The text's UTF-8, for the detectors that read shapes rather than words.
    let bytes: [UInt8]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        let count = bytes.count
        var index = 0
        while index < count {
            guard case .letter = Self.kind(of: bytes, at: index) else {
                index += Self.kind(of: bytes, at: index).length
                continue
            }
            let start = index
            var end = index
            var hash = FNV.offset
            var length = 0
            var prefixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            var isNumber = true
            var value = 0
            scan: while index < count {
                switch Self.kind(of: bytes, at: index) {
                case .apostrophe(let width):
                    index += width
                case .separator:
                    break scan
                case .letter:
                    var byte = bytes[index]
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    if byte < 0x30 || byte > 0x39 {
                        isNumber = false
                    } else if length < 3 {
                        value = value * 10 + Int(byte - 0x30)
                    }
                    hash = FNV.step(hash, byte)
                    length += 1
                    switch length {
                    case PhraseRules.prefixLengths.0: prefixes.0 = hash
                    case PhraseRules.prefixLengths.1: prefixes.1 = hash
                    case PhraseRules.prefixLengths.2: prefixes.2 = hash
                    case PhraseRules.prefixLengths.3: prefixes.3 = hash
                    default: break
                    }
                    index += 1
                    end = index
                }
            }
            words.append(
                Word(
                    hash: hash, prefixHashes: prefixes, span: start..<end, isNumber: isNumber, length: length,
                    smallNumber: isNumber && length <= 3 ? value : -1))
        }
    }

    private enum Kind {
        case letter
        case apostrophe(width: Int)
        case separator(width: Int)

        var length: Int {
            switch self {
            case .letter: 1
            case .apostrophe(let width), .separator(let width): width
            }
        }
    }

    /// ASCII letters and digits and other scripts' bytes are letters; U+2019 is an apostrophe; the General
    /// Punctuation block (quotes, dashes, spaces) and no-break space separate words like ASCII punctuation.
    private static func kind(of bytes: [UInt8], at index: Int) -> Kind {
        let byte = bytes[index]
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .letter
        case 0x27: return .apostrophe(width: 1)
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80:
            return bytes[index + 2] == 0x99 ? .apostrophe(width: 3) : .separator(width: 3)
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: return .separator(width: 2)
        case 0x80...: return .letter
        default: return .separator(width: 1)
        }
    }
}

/// 64-bit FNV-1a, the word hash of the phrase rules.
enum FNV {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime
    }

    static func hash(_ word: some StringProtocol) -> UInt64 {
        word.utf8.reduce(offset) { step($0, $1) }
    }
}
