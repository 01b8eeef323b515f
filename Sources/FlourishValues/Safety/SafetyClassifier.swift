import FlourishAPI
import Foundation

/// A linear classifier over hashed words, stems and word pairs, one logistic output per input category:
/// it generalises past the exact wording the phrase rules know. Trained by `safety/train.py`, whose
/// `features.py` this mirrors; the weights ship in `SafetyData/classifier.json`.
struct SafetyClassifier: Sendable {
    static let stemLength = 5
    static let salts = (unigram: UInt8(0x55), stem: UInt8(0xA3), bigram: UInt8(0x3C))

    let categories: [SafetyCategory]
    let thresholds: [Float]
    private let bias: [Float]
    /// Row-major `[buckets × categories.count]`.
    private let weights: [Float]
    private let buckets: Int
    private let head: Int
    private let tail: Int

    struct File: Decodable {
        var format: String
        var buckets: Int
        var head: Int
        var tail: Int
        var categories: [String]
        var thresholds: [Float]
        var bias: [Float]
        /// Base64 of records: a little-endian UInt32 bucket, then one Int8 per category, in steps of `scale`.
        var weights: String
        var scale: Float
        var reference: [Reference]

        struct Reference: Decodable {
            var text: String
            var scores: [Float]
        }
    }

    init(file: File) throws(SafetyConfigurationError) {
        guard file.format == "flourish-safety-classifier-2" else {
            throw SafetyConfigurationError("the safety classifier has the unknown format '\(file.format)'")
        }
        var categories: [SafetyCategory] = []
        for name in file.categories {
            guard let category = SafetyCategory(rawValue: name) else {
                throw SafetyConfigurationError("the safety classifier names an unknown category '\(name)'")
            }
            categories.append(category)
        }
        let width = categories.count
        guard file.thresholds.count == width, file.bias.count == width, file.buckets > 0 else {
            throw SafetyConfigurationError("the safety classifier's sizes do not agree")
        }
        guard let records = Data(base64Encoded: file.weights), records.count % (4 + width) == 0 else {
            throw SafetyConfigurationError("the safety classifier's weights are not whole records")
        }
        var weights = [Float](repeating: 0, count: file.buckets * width)
        let bytes = [UInt8](records)
        for start in stride(from: 0, to: bytes.count, by: 4 + width) {
            let bucket = (0..<4).reduce(0) { $0 | Int(bytes[start + $1]) << (8 * $1) }
            guard bucket < file.buckets else {
                throw SafetyConfigurationError("the safety classifier has a weight for bucket \(bucket)")
            }
            for index in 0..<width {
                weights[bucket * width + index] = Float(Int8(bitPattern: bytes[start + 4 + index])) * file.scale
            }
        }
        self.categories = categories
        thresholds = file.thresholds
        bias = file.bias
        self.weights = weights
        buckets = file.buckets
        head = file.head
        tail = file.tail
    }

    static func parse(_ data: Data) throws(SafetyConfigurationError) -> File {
        do {
            return try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw SafetyConfigurationError("the safety classifier cannot be read: \(error)")
        }
    }

    /// The logit of each category for `text`'s words.
    func scores(_ text: ScreenText) -> [Float] {
        var words = text.words[...]
        var scores = bias
        let width = categories.count
        let kept: [ScreenText.Word]
        if words.count > head + tail {
            kept = Array(words.prefix(head)) + Array(words.suffix(tail))
        } else {
            kept = Array(words)
        }
        words = kept[...]
        let occurrences =
            words.reduce(0) { count, word in
                count + (word.length > Self.stemLength ? 2 : 1)
            } + max(0, words.count - 1)
        guard occurrences > 0 else { return scores }
        let value = 1 / Float(occurrences).squareRoot()
        weights.withUnsafeBufferPointer { weights in
            func add(_ hash: UInt64, salt: UInt8) {
                let bucket = Self.bucket(hash, salt: salt, buckets: buckets)
                for index in 0..<width { scores[index] += weights[bucket * width + index] * value }
            }
            var previous: UInt64?
            for word in words {
                add(word.hash, salt: Self.salts.unigram)
                if word.length > Self.stemLength { add(word.prefixHashes.2, salt: Self.salts.stem) }
                if let previous { add((previous &* FNV.prime) ^ word.hash, salt: Self.salts.bigram) }
                previous = word.hash
            }
        }
        return scores
    }

    /// The categories whose probability reaches their threshold.
    func categories(in text: ScreenText) -> [SafetyCategory] {
        let logits = scores(text)
        return categories.indices.filter { 1 / (1 + exp(-logits[$0])) >= thresholds[$0] }.map { categories[$0] }
    }

    static func bucket(_ hash: UInt64, salt: UInt8, buckets: Int) -> Int {
        let mixed = FNV.step(hash, salt)
        return Int(UInt32(truncatingIfNeeded: (mixed >> 32) ^ mixed)) % buckets
    }
}
