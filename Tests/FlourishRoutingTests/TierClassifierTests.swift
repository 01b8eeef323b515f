import FlourishAPI
import FlourishRouting
import Foundation
import Testing

@Suite struct TierClassifierTests {
    let classifier: TierClassifier

    init() throws {
        classifier = try TierClassifier.bundled()
    }

    @Test func swiftComputesWhatTheTrainerComputed() throws {
        #expect(classifier.checks.count >= 10)
        for check in classifier.checks {
            let probabilities = classifier.probabilities(check.text)
            for (swift, python) in zip(probabilities, check.probabilities) {
                #expect(abs(swift - python) < 1e-3, "\(check.text.prefix(60))")
            }
        }
    }

    @Test func probabilitiesAreADistribution() {
        for text in ["", "Hi", String(repeating: "word ", count: 5000), "¿Qué dice Juan 3:16?", "성경에서 사랑은 무엇인가요?"] {
            let probabilities = classifier.probabilities(text)
            #expect(probabilities.count == 3)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
        }
    }

    @Test func brokenWeightFilesAreRefused() {
        #expect(throws: CatalogError.self) { _ = try TierClassifier(data: Data("{}".utf8)) }
        #expect(throws: CatalogError.self) {
            _ = try TierClassifier(
                data: Data(
                    #"{"buckets":8,"half_cap":10,"text_weights":{},"dense_weights":[],"bias":[0],"temperature":1,"checks":[]}"#
                        .utf8))
        }
    }
}
