import FlourishGrounding
import Foundation
import Testing

@Suite struct StaticEmbedderTests {
    /// `reference.json`, written beside the table by `grounding/distill.py`.
    struct Reference: Decodable {
        struct Case: Decodable {
            var text: String
            var ids: [Int32]
            var vector: [Float]
        }
        var cases: [Case]
    }

    /// Where `scripts/embedding-model install` puts the table.
    static var tableDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["FLOURISH_EMBEDDINGS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory())
            .appendingPathComponent(".cache/flourish/embedding-model/minilm-static-256")
    }

    /// The installed table; records a failure (the error names the file and the install command) when it is not.
    static func installedEmbedder() -> StaticEmbedder? {
        do {
            return try StaticEmbedder.load(directory: tableDirectory)
        } catch {
            Issue.record("These tests need the installed embedding table. \(error)")
            return nil
        }
    }

    @Test func reproducesTheDistilledReference() throws {
        let directory = Self.tableDirectory
        guard let embedder = Self.installedEmbedder() else { return }
        let data = try Data(contentsOf: directory.appendingPathComponent("reference.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        #expect(reference.cases.count >= 10)
        #expect(embedder.dimensions == 256)
        for example in reference.cases {
            let text = String(reflecting: example.text)
            #expect(embedder.tokenizer.ids(example.text) == example.ids, "ids of \(text)")
            let vector = embedder.embed(example.text)
            #expect(vector.count == example.vector.count, "length of the vector of \(text)")
            let worst = zip(vector, example.vector).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-3, "the vector of \(text) is off by \(worst)")
        }
    }

    @Test func paraphrasesAreCloserThanUnrelatedText() {
        guard let embedder = Self.installedEmbedder() else { return }
        func cosine(_ a: String, _ b: String) -> Float {
            zip(embedder.embed(a), embedder.embed(b)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let query = "a father forgives his lost son who comes home"
        let parable =
            "And he said, A certain man had two sons: and the younger of them said to his father, "
            + "Father, give me the portion of goods that falleth to me."
        let unrelated = "In 2024 the stock market rose by three percent."
        #expect(cosine(query, parable) > cosine(query, unrelated) + 0.2)
        #expect(abs(cosine(parable, parable) - 1) < 1e-5)
        #expect(embedder.embed("🙂 ☃").allSatisfy { $0 == 0 })
    }

    @Test func missingTableNamesTheFileAndTheInstallCommand() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("no-table-\(UUID())")
        let error = #expect(throws: EmbeddingError.self) {
            try StaticEmbedder.load(directory: directory)
        }
        #expect(error?.code == .missingFile)
        #expect(error?.message.contains("config.json is missing") == true)
        #expect(error?.message.contains("scripts/embedding-model install") == true)
    }
}

@Suite struct WordPieceTokenizerTests {
    // Token id = line number.
    static let vocabulary =
        [
            "[PAD]", "[UNK]", "un", "##aff", "##able", "cafe", "naive", ",", "!", "北", "京", "hello", "a", "##a",
        ].joined(separator: "\n") + "\n"

    let tokenizer: WordPieceTokenizer

    init() throws {
        tokenizer = try WordPieceTokenizer(vocabulary: Self.vocabulary)
    }

    @Test func splitsWordsIntoLongestPiecesWithContinuations() {
        #expect(tokenizer.ids("unaffable") == [2, 3, 4])
        #expect(tokenizer.ids("unknown") == [1])  // "un" matches, "##known" does not: the whole word is unknown
    }

    @Test func lowercasesStripsAccentsAndIsolatesPunctuation() {
        #expect(tokenizer.ids("Café, NAÏVE!") == [5, 7, 6, 8])
        #expect(tokenizer.ids("Cafe\u{301}") == [5])
    }

    @Test func cjkIdeographsAreWordsOfTheirOwn() {
        #expect(tokenizer.ids("北京hello") == [9, 10, 11])
    }

    @Test func controlCharactersVanishAndWhitespaceSeparates() {
        #expect(tokenizer.ids("hel\u{200B}lo\u{7}") == [11])
        #expect(tokenizer.ids("hello\u{A0}a\tHello\r\n") == [11, 12, 11])
        #expect(tokenizer.ids("") == [])
    }

    @Test func wordsLongerThanTheLimitAreUnknown() {
        #expect(tokenizer.ids(String(repeating: "a", count: 100)) == [12] + Array(repeating: 13, count: 99))
        #expect(tokenizer.ids(String(repeating: "a", count: 101)) == [1])
    }

    @Test func scalarsNFDLeavesAloneAreNotFlagged() {
        // NFD of scalars joined by newlines is the join of their NFDs, so one Foundation call checks them all.
        // Planes 4 to 16 are left out: unassigned, tags, variation selectors and private use never decompose.
        var scalars = String.UnicodeScalarView()
        for value in UInt32(0)...0x3FFFF {
            guard let scalar = Unicode.Scalar(value), !WordPieceTokenizer.mayChangeUnderNFD(scalar) else { continue }
            scalars.append(scalar)
            scalars.append("\n")
        }
        let text = String(scalars)
        #expect(text.decomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars))
    }

    @Test func vocabularyWithoutTheUnknownTokenIsRejected() {
        #expect(throws: EmbeddingError.self) { try WordPieceTokenizer(vocabulary: "a\nb\n") }
    }
}
