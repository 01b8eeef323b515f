import Foundation

/// Dense text embeddings from a static token table, computed in process (model2vec-style).
///
/// The table is distilled from all-MiniLM-L6-v2 by `grounding/distill.py`, which `scripts/embedding-model install`
/// runs. An embedding is the mean of the table rows of a text's WordPiece tokens (`[UNK]` dropped), L2-normalised,
/// so the cosine similarity of two texts is the dot product of their embeddings.
package struct StaticEmbedder: Sendable {
    package let tokenizer: WordPieceTokenizer
    /// The length of every embedding.
    package let dimensions: Int
    /// Whether embeddings are L2-normalised (the table's `normalize`).
    package let normalizes: Bool
    /// Row-major `[tokenizer.vocabularySize × dimensions]`, row `i` for token id `i`.
    private let vectors: [Float]

    /// The table in `directory`: `config.json`, `vocab.txt` and `vectors.f16`.
    /// - Throws: `EmbeddingError.Code.missingFile` when a file is not there (the table is not installed),
    ///   `invalidFile` when one cannot be read or does not fit the others.
    package static func load(directory: URL) throws(EmbeddingError) -> StaticEmbedder {
        let config = try TableConfig.parse(try read("config.json", in: directory))
        let vocabulary = String(decoding: try read("vocab.txt", in: directory), as: UTF8.self)
        let tokenizer = try WordPieceTokenizer(
            vocabulary: vocabulary, unknownToken: config.unknownToken,
            maxInputCharsPerWord: config.maxInputCharsPerWord)
        let data = try read("vectors.f16", in: directory)
        let count = tokenizer.vocabularySize * config.dimensions
        guard data.count == count * MemoryLayout<Float16>.size else {
            throw EmbeddingError(
                code: .invalidFile,
                message: "\(directory.path)/vectors.f16 has \(data.count) bytes, but \(tokenizer.vocabularySize) "
                    + "tokens × \(config.dimensions) Float16 values need \(count * 2). "
                    + "Run `scripts/embedding-model install`.")
        }
        // Converted once here, so embedding reads plain Floats. The file is little-endian, as are the platforms
        // Flourish runs on (x86_64, arm64), so the bytes are Float16 values as they are.
        let halves = [Float16](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            let destination = UnsafeMutableRawBufferPointer(buffer)
            data.withUnsafeBytes { (source: UnsafeRawBufferPointer) in destination.copyMemory(from: source) }
            initializedCount = count
        }
        return StaticEmbedder(
            tokenizer: tokenizer, dimensions: config.dimensions, normalizes: config.normalize,
            vectors: halves.map { Float($0) })
    }

    /// The embedding of `text`: all zeros when it has no known token.
    package func embed(_ text: String) -> [Float] {
        let ids = tokenizer.ids(text)
        let unknownID = tokenizer.unknownID
        let width = dimensions
        var totals = [Float](repeating: 0, count: width)
        let tokenCount = vectors.withUnsafeBufferPointer { table in
            totals.withUnsafeMutableBufferPointer { sums in
                var count = 0
                for id in ids where id != unknownID {
                    let start = Int(id) * width
                    // A rebased row keeps index arithmetic (and its overflow checks) out of the loop, so it vectorises.
                    let row = UnsafeBufferPointer(rebasing: table[start..<start + width])
                    for index in 0..<width { sums[index] += row[index] }
                    count += 1
                }
                return count
            }
        }
        guard tokenCount > 0 else { return totals }
        let scale: Float
        if normalizes {
            let norm = totals.reduce(0) { $0 + $1 * $1 }.squareRoot()  // the mean's norm is this / tokenCount
            guard norm > 0 else { return totals }
            scale = 1 / norm
        } else {
            scale = 1 / Float(tokenCount)
        }
        return totals.map { $0 * scale }
    }

    /// The contents of `name` in `directory`, or an error saying how to install the table.
    private static func read(_ name: String, in directory: URL) throws(EmbeddingError) -> Data {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EmbeddingError(
                code: .missingFile,
                message: "No embedding table at \(directory.path): \(name) is missing. "
                    + "Run `scripts/embedding-model install` (or point FLOURISH_EMBEDDINGS at an installed table).")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw EmbeddingError(
                code: .invalidFile, message: "Could not read \(url.path): \(error).", underlying: error)
        }
    }
}

/// `config.json` of a table, as `grounding/distill.py` writes it.
private struct TableConfig: Decodable {
    static let expectedFormat = "flourish-static-embedding-1"

    var format: String
    var dimensions: Int
    var normalize: Bool
    var lowercase: Bool
    var stripAccents: Bool
    var unknownToken: String
    var maxInputCharsPerWord: Int

    enum CodingKeys: String, CodingKey {
        case format, dimensions, normalize, lowercase
        case stripAccents = "strip_accents"
        case unknownToken = "unk_token"
        case maxInputCharsPerWord = "max_input_chars_per_word"
    }

    static func parse(_ data: Data) throws(EmbeddingError) -> TableConfig {
        let config: TableConfig
        do {
            config = try JSONDecoder().decode(TableConfig.self, from: data)
        } catch {
            throw EmbeddingError(
                code: .invalidFile, message: "The embedding table's config.json is unreadable: \(error).",
                underlying: error)
        }
        // WordPieceTokenizer implements BERT's uncased normalisation only.
        guard config.format == expectedFormat, config.lowercase, config.stripAccents, config.dimensions > 0 else {
            throw EmbeddingError(
                code: .invalidFile,
                message: "The embedding table is not a \(expectedFormat) table of an uncased tokenizer. "
                    + "Run `scripts/embedding-model install`.")
        }
        return config
    }
}

/// An embedding table that cannot be loaded; the message says which file and what to run.
package struct EmbeddingError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable {
        private enum Kind { case missingFile, invalidFile }
        private let kind: Kind
        /// A file of the table is not there: the table is not installed.
        package static let missingFile = Code(kind: .missingFile)
        /// A file is there but unreadable, of another format, or inconsistent with the others.
        package static let invalidFile = Code(kind: .invalidFile)
    }

    package var code: Code
    package var message: String
    package var underlying: (any Error)? = nil

    package var description: String { message }
}
