import FlourishAPI
import FlourishGrounding
import FlourishStore
import Foundation
import Hummingbird

/// POST /ai/data/v1/search: Gloo's search over one publisher (`tenant`), with Flourish's `retrieval`
/// (`hybrid`, `lexical` or `dense`) to compare the methods.
struct SearchController: Sendable {
    let grounding: GroundingServices

    func addRoutes(to group: RouterGroup<FlourishRequestContext>) {
        group.post("search", use: search)
    }

    @Sendable func search(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(limit: 1 << 20)
        let search = try SearchRequest(bytes: body.readableBytesView)
        let publisher = try await grounding.readablePublisher(named: search.tenant, by: context.client!)
        let retriever = try await grounding.retriever()
        let hits = try await grounding.lookUp { () async throws(StoreError) in
            try await retriever.search(search.query, in: publisher, limit: search.limit, mode: search.mode)
        }
        let data: [JSONValue] = hits.compactMap { hit in
            // Weaviate's certainty, which Gloo reports, is (1 + cosine) / 2.
            let certainty = Double((1 + (hit.similarity ?? 0)) / 2)
            if let minimum = search.certainty, certainty < minimum { return nil }
            let passage = hit.passage
            let metadata = passage.metadata
            return [
                "uuid": .string("chunk-\(passage.chunkID)"), "collection": "GlooProd",
                "metadata": [
                    "certainty": .double(certainty), "distance": .double(1 - Double(hit.similarity ?? 0)),
                    "score": .double(hit.score),
                    "lexical_rank": hit.lexicalRank.map { .integer($0) } ?? .null,
                    "dense_rank": hit.denseRank.map { .integer($0) } ?? .null,
                ],
                "properties": [
                    "item_id": .string(passage.itemID), "item_title": JSONValue(metadata.itemTitle),
                    "item_url": JSONValue(metadata.itemURL), "author": JSONValue(metadata.author ?? []),
                    "publisher": .string(publisher.name), "publication_date": JSONValue(metadata.publicationDate),
                    "type": JSONValue(metadata.type), "snippet": .string(passage.text),
                    "reference": JSONValue(passage.reference), "section": JSONValue(passage.heading),
                ],
            ]
        }
        return try .json(JSONValue.object(["data": .array(data), "intent": .integer(0)]))
    }
}

/// A search request: `query` and `tenant` are required; `limit` 1–100 (default 10); `certainty` 0–1 filters
/// when given.
struct SearchRequest {
    var query: String
    var tenant: String
    var limit: Int
    var certainty: Double?
    var mode: Retriever.Mode

    init(bytes: some Collection<UInt8>) throws(GatewayError) {
        guard let json = try? JSONValue(parsing: bytes),
            let object = json.objectValue
        else {
            throw GatewayError(.invalidRequest, "The request body must be a JSON object.", reason: "invalid_json")
        }
        func missing(_ key: String) -> GatewayError {
            GatewayError(.invalidRequest, "'\(key)' is required.", param: key, reason: "missing_required_parameter")
        }
        guard let query = object["query"]?.stringValue, !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw missing("query")
        }
        guard let tenant = object["tenant"]?.stringValue, !tenant.isEmpty else { throw missing("tenant") }
        self.query = query
        self.tenant = tenant
        limit = object["limit"]?.integerValue ?? 10
        guard (1...100).contains(limit) else {
            throw GatewayError(
                .invalidValue, "'limit' must be between 1 and 100.", param: "limit", reason: "invalid_value")
        }
        certainty = object["certainty"]?.numberValue
        if let certainty, !(0...1).contains(certainty) {
            throw GatewayError(
                .invalidValue, "'certainty' must be between 0 and 1.", param: "certainty", reason: "invalid_value")
        }
        let retrieval = object["retrieval"]?.stringValue ?? "hybrid"
        guard let mode = Retriever.Mode(rawValue: retrieval) else {
            throw GatewayError(
                .invalidValue, "'retrieval' must be hybrid, lexical or dense.", param: "retrieval",
                reason: "invalid_value")
        }
        self.mode = mode
    }
}
