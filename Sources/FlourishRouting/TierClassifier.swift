import Foundation

/// The trained tier classifier: multinomial logistic regression over hashed word n-grams of the last user
/// message (the whole text and, apart, its ask) and dense size, shape and cue-word signals, with weights from
/// `routing/train.py`.
///
/// `TierFeatures` computes exactly what `routing/features.py` computes; the weight file carries the cue words and
/// a few held-out items' probabilities, so a test can prove the two agree.
package struct TierClassifier: Sendable {
    let vocabulary: TierFeatures.Vocabulary
    /// The three tiers' weights of each bucket, flat: bucket × 3 + tier.
    let textWeights: [Double]
    let denseWeights: [[Double]]
    let bias: [Double]
    let temperature: Double

    /// Loads the weights shipped with Flourish.
    package static func bundled() throws(CatalogError) -> TierClassifier {
        guard let url = Bundle.module.url(forResource: "tier-classifier", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { throw CatalogError("the tier classifier's weights are missing from the resource bundle") }
        return try TierClassifier(data: data)
    }

    package init(data: Data) throws(CatalogError) {
        let file: WeightFile
        do {
            file = try JSONDecoder().decode(WeightFile.self, from: data)
        } catch {
            throw CatalogError("the tier classifier's weights are not valid: \(error)")
        }
        let cueNames = file.cues.map(\.name)
        let shortQuestionCues = file.shortQuestionCues.compactMap { cueNames.firstIndex(of: $0) }
        // The dense features are the shape features Swift computes, then the cue groups, in the file's order.
        let denseNames = TierFeatures.shapeNames + cueNames + file.shortQuestionCues.map { $0 + "_short" }
        guard file.bias.count == 3, file.denseNames == denseNames, file.denseWeights.count == denseNames.count,
            shortQuestionCues.count == file.shortQuestionCues.count, cueNames.count <= 32,
            file.denseWeights.allSatisfy({ $0.count == 3 }), file.textWeights.values.allSatisfy({ $0.count == 3 })
        else { throw CatalogError("the tier classifier's weights have the wrong shape") }
        guard file.buckets > 0, file.halfCap > 0, file.askTokens >= 0 else {
            throw CatalogError("the tier classifier needs buckets, a cap and an ask size")
        }
        var weights = [Double](repeating: 0, count: file.buckets * 3)
        for (key, value) in file.textWeights {
            guard let bucket = Int(key), (0..<file.buckets).contains(bucket) else {
                throw CatalogError("the tier classifier's weights name a bucket out of range: \(key)")
            }
            weights.replaceSubrange(bucket * 3..<bucket * 3 + 3, with: value)
        }
        // A cue word ending in * is a stem: it matches every token that starts with it.
        let cueWords = file.cues.enumerated().flatMap { bit, cue in cue.words.map { (word: $0, bit: bit) } }
        let stems = cueWords.filter { $0.word.hasSuffix("*") }.map { (word: String($0.word.dropLast()), bit: $0.bit) }
        vocabulary = TierFeatures.Vocabulary(
            buckets: file.buckets, halfCap: file.halfCap, askTokens: file.askTokens,
            words: CueTable(cueWords.filter { !$0.word.hasSuffix("*") }), stems: CueTable(stems),
            cueCount: cueNames.count, units: CueTable(file.wordUnits.map { (word: $0, bit: 0) }),
            shortQuestionCues: shortQuestionCues)
        textWeights = weights
        denseWeights = file.denseWeights
        bias = file.bias
        temperature = file.temperature
        checks = file.checks
    }

    /// Held-out items with the probabilities the trainer computed for them.
    package let checks: [WeightFile.Check]

    /// The probabilities of tier_1, tier_2 and tier_3 for a text.
    package func probabilities(_ text: String) -> [Double] {
        let features = TierFeatures(text: text, vocabulary: vocabulary)
        var logits = bias
        for (bucket, value) in features.hashed {
            for tier in 0..<3 { logits[tier] += textWeights[bucket * 3 + tier] * value }
        }
        for (index, value) in features.dense.enumerated() {
            for tier in 0..<3 { logits[tier] += denseWeights[index][tier] * value }
        }
        let scaled = logits.map { $0 / temperature }
        let top = scaled.max() ?? 0
        let exponentials = scaled.map { Foundation.exp($0 - top) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }

    /// The weight file's layout (version 2).
    package struct WeightFile: Decodable, Sendable {
        package struct Check: Decodable, Sendable {
            package var text: String
            package var probabilities: [Double]
        }
        struct Cue: Decodable, Sendable {
            var name: String
            var words: [String]
        }
        var buckets: Int
        var halfCap: Int
        var askTokens: Int
        var textWeights: [String: [Double]]
        var denseNames: [String]
        var denseWeights: [[Double]]
        var bias: [Double]
        var temperature: Double
        var cues: [Cue]
        var shortQuestionCues: [String]
        var wordUnits: [String]
        var checks: [Check]

        enum CodingKeys: String, CodingKey {
            case buckets, bias, temperature, cues, checks
            case halfCap = "half_cap"
            case askTokens = "ask_tokens"
            case textWeights = "text_weights"
            case denseNames = "dense_names"
            case denseWeights = "dense_weights"
            case shortQuestionCues = "short_question_cues"
            case wordUnits = "word_units"
        }
    }
}
