import Foundation

/// The trained tier classifier: multinomial logistic regression over hashed word n-grams of the last user
/// message and a few size and shape signals, with weights from `routing/train.py`.
///
/// `TierFeatures` computes exactly what `routing/features.py` computes; the weight file carries a few
/// held-out items' probabilities so a test can prove the two agree.
package struct TierClassifier: Sendable {
    let buckets: Int
    let halfCap: Int
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
        guard file.bias.count == 3, file.denseWeights.count == TierFeatures.denseCount,
            file.denseWeights.allSatisfy({ $0.count == 3 }), file.textWeights.values.allSatisfy({ $0.count == 3 })
        else { throw CatalogError("the tier classifier's weights have the wrong shape") }
        buckets = file.buckets
        halfCap = file.halfCap
        guard file.buckets > 0 else { throw CatalogError("the tier classifier needs at least one bucket") }
        var weights = [Double](repeating: 0, count: file.buckets * 3)
        for (key, value) in file.textWeights {
            guard let bucket = Int(key), (0..<file.buckets).contains(bucket) else {
                throw CatalogError("the tier classifier's weights name a bucket out of range: \(key)")
            }
            weights.replaceSubrange(bucket * 3..<bucket * 3 + 3, with: value)
        }
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
        let features = TierFeatures(text: text, buckets: buckets, halfCap: halfCap)
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

    /// The weight file's layout.
    package struct WeightFile: Decodable, Sendable {
        package struct Check: Decodable, Sendable {
            package var text: String
            package var probabilities: [Double]
        }
        var buckets: Int
        var halfCap: Int
        var textWeights: [String: [Double]]
        var denseWeights: [[Double]]
        var bias: [Double]
        var temperature: Double
        var checks: [Check]

        enum CodingKeys: String, CodingKey {
            case buckets, bias, temperature, checks
            case halfCap = "half_cap"
            case textWeights = "text_weights"
            case denseWeights = "dense_weights"
        }
    }
}
