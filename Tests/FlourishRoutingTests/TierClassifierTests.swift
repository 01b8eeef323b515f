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
        #expect(classifier.checks.contains { !$0.text.allSatisfy(\.isASCII) })
        #expect(classifier.checks.contains { $0.text.unicodeScalars.count > 4000 })  // the capped path
        for check in classifier.checks {
            let probabilities = classifier.probabilities(check.text)
            for (swift, python) in zip(probabilities, check.probabilities) {
                #expect(abs(swift - python) < 1e-3, "\(check.text.prefix(60))")
            }
        }
    }

    @Test func probabilitiesAreADistribution() {
        let texts = [
            "", "Hi", String(repeating: "word ", count: 5000), "¿Qué dice Juan 3:16?",
            "성경에서 사랑은 무엇인가요?", "İSTANBUL\r\n\r\n\tΣΟΦΙΑ", String(repeating: "é🙏", count: 3000),
        ]
        for text in texts {
            let probabilities = classifier.probabilities(text)
            #expect(probabilities.count == 3)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
        }
    }

    @Test(arguments: [
        ("hi", 0), ("Philippians 4:13 NIV text pls", 0),
        ("Give a complete, rigorous multi-step proof that every group of order p² is abelian, proving each lemma.", 2),
        ("I don't want to be alive anymore and I have pills in my room.", 2),
    ])
    func clearCasesGetTheirTier(text: String, tier: Int) {
        let probabilities = classifier.probabilities(text)
        #expect(probabilities.indices.max { probabilities[$0] < probabilities[$1] } == tier)
    }

    @Test func aLongRepetitivePasteWithAnEasyAskIsNotTier3() {
        let paste = String(repeating: "The choir practiced on Thursday evening as usual. ", count: 100)
        #expect(classifier.probabilities(paste + "\n\nWhen does the choir practice?")[2] < 0.5)
    }

    @Test func brokenWeightFilesAreRefused() {
        #expect(throws: CatalogError.self) { _ = try TierClassifier(data: Data("{}".utf8)) }
        #expect(throws: CatalogError.self) {
            _ = try TierClassifier(
                data: Data(
                    #"{"buckets":8,"half_cap":10,"text_weights":{},"dense_weights":[],"bias":[0],"temperature":1,"checks":[]}"#
                        .utf8))
        }
        // Dense weights for features this build does not compute.
        #expect(throws: CatalogError.self) {
            _ = try TierClassifier(
                data: Data(
                    (#"{"buckets":8,"half_cap":10,"ask_tokens":4,"text_weights":{},"dense_names":["bytes"],"#
                        + #""dense_weights":[[0,0,0]],"bias":[0,0,0],"temperature":1,"cues":[],"#
                        + #""short_question_cues":[],"word_units":[],"checks":[]}"#).utf8))
        }
    }
}
