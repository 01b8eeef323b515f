import Foundation

/// The classifier's features of one text, computed as `routing/features.py` computes them.
struct TierFeatures {
    static let denseCount = 7
    private static let codeMarkers = ["def ", "func ", "class ", "return ", "#include", "=>", "();"]
    private static let mathScalars: [Unicode.Scalar] = ["=", "^", "∑", "∫", "√", "+", "*", "/", "<", ">"]

    /// Bucket → log(1 + count), L2-normalised.
    var hashed: [Int: Double] = [:]
    var dense: [Double] = []

    init(text: String, buckets: Int, halfCap: Int) {
        let scalars = Array(text.unicodeScalars)
        let capped =
            scalars.count <= 2 * halfCap
            ? scalars : Array(scalars[..<halfCap]) + [" "] + Array(scalars[(scalars.count - halfCap)...])
        var cappedText = String.UnicodeScalarView()
        cappedText.append(contentsOf: capped)
        let tokens = Self.words(String(cappedText))
        var counts: [Int: Int] = [:]
        for token in tokens { counts[Int(Self.fnv1a(token) % UInt32(buckets)), default: 0] += 1 }
        if tokens.count > 1 {
            for index in 1..<tokens.count {
                counts[Int(Self.fnv1a(tokens[index - 1] + " " + tokens[index]) % UInt32(buckets)), default: 0] += 1
            }
        }
        let weights = counts.mapValues { log1p(Double($0)) }
        let norm = weights.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        hashed = weights.mapValues { $0 / (norm > 0 ? norm : 1) }

        let allWords = Self.words(text).count
        let newlines = scalars.count(where: { $0 == "\n" })
        let hasCode = text.contains("```") || Self.codeMarkers.contains { text.contains($0) }
        let math = scalars.count(where: { Self.mathScalars.contains($0) })
        let questions = scalars.count(where: { $0 == "?" })
        let digits = scalars.count(where: Self.isDigit)
        dense = [
            min(1, log1p(Double(scalars.count)) / 10), min(1, log1p(Double(allWords)) / 8),
            min(1, Double(newlines) / 50), hasCode ? 1 : 0, min(1, Double(math) / 10), min(1, Double(questions) / 3),
            min(1, Double(digits) / 20),
        ]
    }

    /// Runs of letters or digits of the lowercased text, as Python's `str.isalpha() or str.isdigit()` sees them.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if isLetter(scalar) || isDigit(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal || scalar.properties.numericType == .digit
    }

    /// 32-bit FNV-1a over the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt32 {
        var value: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            value ^= UInt32(byte)
            value = value &* 0x0100_0193
        }
        return value
    }
}
