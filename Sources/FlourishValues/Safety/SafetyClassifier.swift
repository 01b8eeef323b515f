import FlourishAPI
import Foundation

/// A linear classifier over hashed words, stems and word pairs, one logistic output per input category:
/// it generalises past the exact wording the phrase rules know. Trained by `safety/train.py`, whose
/// `features.py` this mirrors; the weights ship in `SafetyData/classifier.json`.
///
/// A text is scored in overlapping windows of words, each category taking its highest window, and a feature
/// counts once per window: a long document scores like the short items the model learnt from, a repeated
/// phrase weighs no more than one, and harm in one paragraph still shows.
struct SafetyClassifier: Sendable {
    static let stemLength = 5
    static let salts = (unigram: UInt8(0x55), stem: UInt8(0xA3), bigram: UInt8(0x3C))

    let categories: [SafetyCategory]
    let thresholds: [Float]
    private let bias: [Float]
    /// Row-major `[buckets × categories.count]`.
    private let weights: [Float]
    private let buckets: Int
    private let window: Int
    private let stride: Int

    struct File: Decodable {
        var format: String
        var buckets: Int
        var window: Int
        var stride: Int
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
        guard file.format == "flourish-safety-classifier-3" else {
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
        guard file.thresholds.count == width, file.bias.count == width, file.buckets > 0, file.window > 0,
            (1...file.window).contains(file.stride)
        else {
            throw SafetyConfigurationError("the safety classifier's sizes do not agree")
        }
        guard let records = Data(base64Encoded: file.weights), records.count % (4 + width) == 0 else {
            throw SafetyConfigurationError("the safety classifier's weights are not whole records")
        }
        var weights = [Float](repeating: 0, count: file.buckets * width)
        let bytes = [UInt8](records)
        for start in Swift.stride(from: 0, to: bytes.count, by: 4 + width) {
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
        window = file.window
        stride = file.stride
    }

    static func parse(_ data: Data) throws(SafetyConfigurationError) -> File {
        do {
            return try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw SafetyConfigurationError("the safety classifier cannot be read: \(error)")
        }
    }

    /// The logit of each category for `text`: the highest of its windows.
    func scores(_ text: ScreenText) -> [Float] {
        let features = WordFeatures(text.words[...], buckets: buckets)
        let count = text.words.count
        guard count > window else { return scores(of: features, 0..<count) }
        var highest = [Float](repeating: -.infinity, count: categories.count)
        var start = 0
        while true {
            let end = min(start + window, count)
            let windowScores = scores(of: features, (end - window)..<end)
            for index in highest.indices { highest[index] = max(highest[index], windowScores[index]) }
            if end == count { break }
            start += stride
        }
        return highest
    }

    /// The feature buckets of each word, worked out once however many windows the word is in.
    private struct WordFeatures {
        var unigrams: [Int] = []
        /// -1 for a word of five bytes or fewer.
        var stems: [Int] = []
        /// The pair with the word before; unused for the first word of a window.
        var bigrams: [Int] = []

        init(_ words: ArraySlice<ScreenText.Word>, buckets: Int) {
            unigrams.reserveCapacity(words.count)
            stems.reserveCapacity(words.count)
            bigrams.reserveCapacity(words.count)
            var previous: UInt64?
            for word in words {
                unigrams.append(
                    SafetyClassifier.bucket(word.hash, salt: SafetyClassifier.salts.unigram, buckets: buckets))
                stems.append(
                    word.length > SafetyClassifier.stemLength
                        ? SafetyClassifier.bucket(
                            word.prefixHashes.2, salt: SafetyClassifier.salts.stem, buckets: buckets) : -1)
                bigrams.append(
                    previous.map {
                        SafetyClassifier.bucket(
                            ($0 &* FNV.prime) ^ word.hash, salt: SafetyClassifier.salts.bigram, buckets: buckets)
                    } ?? -1)
                previous = word.hash
            }
        }
    }

    /// The logits of the words in `range`: each distinct feature bucket counts 1 / sqrt(distinct buckets).
    private func scores(of features: WordFeatures, _ range: Range<Int>) -> [Float] {
        var found: [Int] = []
        found.reserveCapacity(range.count * 3)
        for index in range {
            found.append(features.unigrams[index])
            if features.stems[index] >= 0 { found.append(features.stems[index]) }
            if index > range.lowerBound, features.bigrams[index] >= 0 { found.append(features.bigrams[index]) }
        }
        var scores = bias
        guard !found.isEmpty else { return scores }
        found.sort()
        var distinct = 0
        for index in found.indices where index == 0 || found[index] != found[index - 1] {
            found[distinct] = found[index]
            distinct += 1
        }
        let value = 1 / Float(distinct).squareRoot()
        let width = categories.count
        weights.withUnsafeBufferPointer { weights in
            for bucket in found[..<distinct] {
                for index in 0..<width { scores[index] += weights[bucket * width + index] * value }
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
