import FlourishAPI
import FlourishStore
import Synchronization

/// Turns text into a normalised vector; the static MiniLM table in production.
package protocol TextEmbedder: Sendable {
    func embed(_ text: String) -> [Float]
}

/// Finds a publisher's passages for a query: FTS5 BM25 and dense cosine similarity, fused by reciprocal rank.
package final class Retriever: Sendable {
    package enum Mode: String, Sendable, CaseIterable {
        case hybrid, lexical, dense
    }

    /// A passage found, with how each method ranked it.
    package struct Hit: Sendable {
        package var passage: StoredPassage
        /// The fused reciprocal-rank score; higher is better.
        package var score: Double
        package var lexicalRank: Int?
        package var denseRank: Int?
        package var similarity: Float?
    }

    /// Fusion settings, tuned on `grounding/eval/questions.jsonl` (see the README).
    package struct Fusion: Sendable {
        /// Rank offset of reciprocal rank fusion; larger flattens the difference between ranks.
        package var k: Double = 30
        package var lexicalWeight: Double = 1
        /// The static embeddings rank paraphrases well but quotes poorly, so BM25 counts double.
        package var denseWeight: Double = 0.5
        /// How many candidates each method contributes.
        package var depth = 50
        /// A passage counts as relevant when its similarity reaches this, or when BM25 matched it and its
        /// similarity reaches `lexicalSimilarityFloor`.
        package var minimumSimilarity: Float = 0.45
        package var lexicalSimilarityFloor: Float = 0.2

        package init() {}
    }

    private let store: any GroundingStore
    private let embedder: any TextEmbedder
    private let fusion: Fusion
    private let indexes = Mutex<[String: PublisherIndex]>([:])

    package init(store: any GroundingStore, embedder: any TextEmbedder, fusion: Fusion = Fusion()) {
        self.store = store
        self.embedder = embedder
        self.fusion = fusion
    }

    /// The best `limit` passages of the publisher for `query`, best first; with `relevantOnly`, only those
    /// that pass the relevance floor. Passages of items marked with another tradition are left out.
    package func search(
        _ query: String, in publisher: PublisherRecord, limit: Int, mode: Mode = .hybrid, tradition: String? = nil,
        relevantOnly: Bool = false
    ) async throws(StoreError) -> [Hit] {
        let queryVector = embedder.embed(query)
        let index = try await publisherIndex(for: publisher)
        var lexical: [Int64] = []
        if mode != .dense, let match = index.keywords.ftsQuery(query) {
            lexical = try await store.lexicalMatches(publisherID: publisher.id, query: match, limit: fusion.depth)
                .map(\.chunkID)
        }
        let depth = mode == .lexical ? 0 : fusion.depth
        let dense = await OffLoopWork.run { index.dense.nearest(to: queryVector, count: depth) }
        var scores: [Int64: Double] = [:]
        var lexicalRanks: [Int64: Int] = [:]
        var denseRanks: [Int64: Int] = [:]
        for (rank, id) in lexical.enumerated() {
            scores[id, default: 0] += fusion.lexicalWeight / (fusion.k + Double(rank + 1))
            lexicalRanks[id] = rank + 1
        }
        for (rank, match) in dense.enumerated() {
            scores[match.id, default: 0] += fusion.denseWeight / (fusion.k + Double(rank + 1))
            denseRanks[match.id] = rank + 1
        }
        let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        // Fetch more than asked for, as the tradition filter may drop some.
        let candidates = Array(ranked.prefix(limit * 3))
        let passages = try await store.passages(ids: candidates.map(\.key))
        var hits: [Hit] = []
        for (passage, candidate) in zip(passages, candidates) where hits.count < limit {
            if let tradition, let own = passage.metadata.tradition, own != tradition { continue }
            let similarity = index.dense.similarity(of: passage.chunkID, to: queryVector)
            let hit = Hit(
                passage: passage, score: candidate.value, lexicalRank: lexicalRanks[passage.chunkID],
                denseRank: denseRanks[passage.chunkID], similarity: similarity)
            if relevantOnly, !isRelevant(hit) { continue }
            hits.append(hit)
        }
        return hits
    }

    private func isRelevant(_ hit: Hit) -> Bool {
        guard let similarity = hit.similarity else { return hit.lexicalRank != nil }
        return similarity >= fusion.minimumSimilarity
            || (hit.lexicalRank != nil && similarity >= fusion.lexicalSimilarityFloor)
    }

    /// The publisher's vectors and keyword statistics in memory, reloaded when its content version moved.
    private func publisherIndex(for publisher: PublisherRecord) async throws(StoreError) -> PublisherIndex {
        if let index = indexes.withLock({ $0[publisher.id] }), index.dense.version == publisher.contentVersion {
            return index
        }
        let (version, vectors) = try await store.embeddings(publisherID: publisher.id)
        let texts = try await store.passageTexts(publisherID: publisher.id)
        let index = await OffLoopWork.run {
            PublisherIndex(dense: DenseIndex(version: version, vectors: vectors), keywords: KeywordStatistics(texts))
        }
        indexes.withLock { $0[publisher.id] = index }
        return index
    }
}

/// What retrieval keeps in memory per publisher.
struct PublisherIndex: Sendable {
    let dense: DenseIndex
    let keywords: KeywordStatistics
}

/// How many passages each word occurs in, so a keyword query can leave out words too common to tell passages
/// apart: they add little to BM25 and make SQLite walk long posting lists.
struct KeywordStatistics: Sendable {
    private let documentFrequency: [String: Int]
    private let documents: Int
    /// Words in more than this share of passages are left out of the query.
    static let commonShare = 0.12

    init(_ texts: [String]) {
        var frequency: [String: Int] = [:]
        for text in texts {
            for word in Set(Self.words(text)) { frequency[word, default: 0] += 1 }
        }
        documentFrequency = frequency
        documents = texts.count
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// The query as an FTS5 expression: its distinct words quoted and OR-ed, without stop words or words common
    /// in this publisher (the two rarest are kept when all are common); nil when nothing is left.
    func ftsQuery(_ query: String) -> String? {
        var seen: Set<String> = []
        let terms = Self.words(query).filter {
            $0.count > 1 && !StopWords.english.contains($0) && seen.insert($0).inserted
        }
        let limit = max(1, Int(Double(documents) * Self.commonShare))
        var kept = terms.filter { documentFrequency[$0, default: 0] <= limit }
        if kept.isEmpty {
            kept = Array(
                terms.sorted { documentFrequency[$0, default: 0] < documentFrequency[$1, default: 0] }.prefix(2))
        }
        return kept.isEmpty ? nil : kept.map { "\"\($0)\"" }.joined(separator: " OR ")
    }
}

/// A publisher's passage vectors, scanned whole: at a publisher's scale (tens of thousands of passages) a
/// scan costs about a millisecond and needs no index structure.
struct DenseIndex: Sendable {
    let version: Int
    private let ids: [Int64]
    private let rows: [Int64: Int]
    private let matrix: [Float]
    private let dimensions: Int

    init(version: Int, vectors: [(Int64, [Float])]) {
        self.version = version
        ids = vectors.map(\.0)
        rows = Dictionary(uniqueKeysWithValues: vectors.enumerated().map { ($0.element.0, $0.offset) })
        dimensions = vectors.first?.1.count ?? 0
        matrix = vectors.flatMap(\.1)
    }

    /// The `count` most similar passages, most similar first.
    func nearest(to query: [Float], count: Int) -> [(id: Int64, similarity: Float)] {
        guard count > 0, dimensions > 0, query.count == dimensions else { return [] }
        var best: [(id: Int64, similarity: Float)] = []
        best.reserveCapacity(count + 1)
        matrix.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { query in
                for row in 0..<ids.count {
                    let similarity = Self.dot(matrix, offset: row * dimensions, query)
                    if best.count == count, similarity <= best[count - 1].similarity { continue }
                    let position = best.firstIndex { $0.similarity < similarity } ?? best.count
                    best.insert((ids[row], similarity), at: position)
                    if best.count > count { best.removeLast() }
                }
            }
        }
        return best
    }

    func similarity(of id: Int64, to query: [Float]) -> Float? {
        guard let row = rows[id], query.count == dimensions else { return nil }
        return matrix.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { Self.dot(matrix, offset: row * dimensions, $0) }
        }
    }

    private static func dot(_ matrix: UnsafeBufferPointer<Float>, offset: Int, _ query: UnsafeBufferPointer<Float>)
        -> Float
    {
        var sum: Float = 0
        for index in 0..<query.count { sum += matrix[offset + index] * query[index] }
        return sum
    }
}
