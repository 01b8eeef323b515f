import Foundation

/// The classifier's features of one text, computed as `routing/features.py` computes them, in one pass over
/// the lowercased scalars with hashes built incrementally (no string per word or bigram).
struct TierFeatures {
    static let denseCount = 7
    private static let codeMarkers = ["```", "def ", "func ", "class ", "return ", "#include", "=>", "();"]
    private static let offsetBasis: UInt32 = 0x811C_9DC5

    /// (bucket, log(1 + count)) for each bucket hit, L2-normalised.
    var hashed: [(bucket: Int, value: Double)] = []
    var dense: [Double] = []

    init(text: String, buckets: Int, halfCap: Int) {
        let original = Array(text.unicodeScalars)
        let capped =
            original.count <= 2 * halfCap
            ? original : Array(original[..<halfCap]) + [" "] + Array(original[(original.count - halfCap)...])
        let tokens = Self.tokens(of: Self.lowercased(capped))
        var counts = [Int32](repeating: 0, count: buckets)
        var hit: [Int] = []
        hit.reserveCapacity(tokens.count * 2)
        func count(_ hash: UInt32) {
            let bucket = Int(hash % UInt32(buckets))
            if counts[bucket] == 0 { hit.append(bucket) }
            counts[bucket] += 1
        }
        var previous: UInt32?
        for token in tokens {
            let unigram = Self.hash(token, from: Self.offsetBasis)
            count(unigram)
            if let previous { count(Self.hash(token, from: Self.mix(UInt8(ascii: " "), into: previous))) }
            previous = unigram
        }
        hashed = hit.map { ($0, log1p(Double(counts[$0]))) }
        let norm = hashed.reduce(0) { $0 + $1.value * $1.value }.squareRoot()
        if norm > 0 { hashed = hashed.map { ($0.bucket, $0.value / norm) } }

        let wordCount = original.count == capped.count ? tokens.count : Self.tokens(of: Self.lowercased(original)).count
        var newlines = 0, math = 0, questions = 0, digits = 0
        for scalar in original {
            if scalar == "\n" { newlines += 1 }
            if scalar == "?" { questions += 1 }
            if Self.isMath(scalar) { math += 1 }
            if Self.isDigit(scalar) { digits += 1 }
        }
        let utf8 = Array(text.utf8)
        let hasCode = Self.codeMarkers.contains { Self.contains(utf8, Array($0.utf8)) }
        dense = [
            min(1, log1p(Double(original.count)) / 10), min(1, log1p(Double(wordCount)) / 8),
            min(1, Double(newlines) / 50), hasCode ? 1 : 0, min(1, Double(math) / 10), min(1, Double(questions) / 3),
            min(1, Double(digits) / 20),
        ]
    }

    /// The scalars lowercased as Python's `str.lower()` does; ASCII without a detour through String.
    private static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if scalars.allSatisfy(\.isASCII) {
            return scalars.map { $0.value >= 65 && $0.value <= 90 ? Unicode.Scalar($0.value + 32)! : $0 }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return Array(String(view).lowercased().unicodeScalars)
    }

    /// Runs of letters or digits, as Python's `str.isalpha() or str.isdigit()` sees them.
    private static func tokens(of scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var tokens: [ArraySlice<Unicode.Scalar>] = []
        var start: Int?
        for (index, scalar) in scalars.enumerated() {
            if isLetter(scalar) || isDigit(scalar) {
                if start == nil { start = index }
            } else if let begin = start {
                tokens.append(scalars[begin..<index])
                start = nil
            }
        }
        if let begin = start { tokens.append(scalars[begin...]) }
        return tokens
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar.value >= 65 && scalar.value <= 90) || (scalar.value >= 97 && scalar.value <= 122)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 48 && scalar.value <= 57 }
        return scalar.properties.numericType == .decimal || scalar.properties.numericType == .digit
    }

    /// 32-bit FNV-1a of the token's UTF-8 bytes, continuing from `hash`.
    private static func hash(_ token: ArraySlice<Unicode.Scalar>, from hash: UInt32) -> UInt32 {
        var value = hash
        for scalar in token {
            if scalar.isASCII {
                value = mix(UInt8(scalar.value), into: value)
            } else {
                for byte in UTF8.encode(scalar)! { value = mix(byte, into: value) }
            }
        }
        return value
    }

    private static func mix(_ byte: UInt8, into value: UInt32) -> UInt32 {
        (value ^ UInt32(byte)) &* 0x0100_0193
    }

    /// `= ^ ∑ ∫ √ + * / < >`, the characters features.py counts as math.
    private static func isMath(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3D, 0x5E, 0x2B, 0x2A, 0x2F, 0x3C, 0x3E, 0x2211, 0x222B, 0x221A: true
        default: false
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start] == first {
                var matched = 1
                while matched < needle.count && haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            start += 1
        }
        return false
    }
}
