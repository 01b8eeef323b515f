import Foundation

/// A Grounded Completions request: a Completions V2 request plus the publisher to answer from.
package struct GroundedRequest: Sendable {
    package var chat: ChatRequest
    /// The publisher's name; nil answers without retrieval, as Gloo does when it is omitted.
    package var publisher: String?
    /// Passages to retrieve, 1–10.
    package var sourcesLimit: Int
    package var includesCitations: Bool

    /// Gloo's grounded fields, never forwarded upstream.
    static let keys: Set<String> = ["rag_publisher", "sources_limit", "include_citations"]

    package init(bytes: some Collection<UInt8>) throws(GatewayError) {
        let json = try JSONValue(requestBody: bytes)
        guard var object = json.objectValue else {
            throw GatewayError(
                .invalidRequest, "The request body must be a JSON object, but got \(json.typeName).",
                reason: "invalid_type")
        }
        // Gloo answers a request without messages as if it said "Hello world!"; an empty list is an error.
        if object["messages"] == nil || object["messages"] == .null {
            object["messages"] = [["role": "user", "content": "Hello world!"]]
        }
        let reader = FieldReader(object: object)
        publisher = try reader.string("rag_publisher")
        if publisher?.isEmpty == true { publisher = nil }
        sourcesLimit = try reader.integer("sources_limit", atLeast: 1) ?? 3
        guard sourcesLimit <= 10 else {
            throw GatewayError(
                .invalidValue,
                "Invalid 'sources_limit': integer above maximum value. Expected a value <= 10, but got \(sourcesLimit) instead.",
                param: "sources_limit", reason: "integer_above_max_value")
        }
        includesCitations = try reader.bool("include_citations") ?? false
        for key in Self.keys { object.removeValue(forKey: key) }
        chat = try ChatRequest(json: .object(object))
    }
}

/// What grounding adds to a completion: whether sources reached the model and, when asked, which.
package struct GroundingResult: Codable, JSONWritable, Sendable, Equatable {
    package var sourcesReturned: Bool
    package var citations: [Citation]?

    package init(sourcesReturned: Bool, citations: [Citation]?) {
        self.sourcesReturned = sourcesReturned
        self.citations = citations
    }

    enum CodingKeys: String, CodingKey {
        case citations
        case sourcesReturned = "sources_returned"
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = ["sources_returned": .bool(sourcesReturned)]
        members.setIfPresent("citations", citations.map { .array($0.map(\.json)) })
        return .object(members)
    }
}

/// One cited item in Gloo's shape, plus Flourish's `sections` naming the exact passages used.
package struct Citation: Codable, JSONWritable, Sendable, Equatable {
    package struct Section: Codable, JSONWritable, Sendable, Equatable {
        /// The passage's scripture reference or heading path.
        package var reference: String?
        package var snippet: String
        package var score: Double

        package init(reference: String?, snippet: String, score: Double) {
            self.reference = reference
            self.snippet = snippet
            self.score = score
        }

        /// A score that is not a finite number is written as null: JSON has no NaN.
        package var json: JSONValue {
            var members: [String: JSONValue] = ["snippet": .string(snippet), "score": .double(score)]
            members.setIfPresent("reference", reference.map(JSONValue.string))
            return .object(members)
        }
    }

    package var itemID: String
    package var itemTitle: String?
    package var itemURL: String?
    package var author: [String]
    package var publisher: String
    package var publicationDate: String?
    package var snippets: [String]
    package var sections: [Section]

    package init(
        itemID: String, itemTitle: String?, itemURL: String?, author: [String], publisher: String,
        publicationDate: String?, snippets: [String], sections: [Section]
    ) {
        self.itemID = itemID
        self.itemTitle = itemTitle
        self.itemURL = itemURL
        self.author = author
        self.publisher = publisher
        self.publicationDate = publicationDate
        self.snippets = snippets
        self.sections = sections
    }

    enum CodingKeys: String, CodingKey {
        case author, publisher, snippets, sections
        case itemID = "item_id"
        case itemTitle = "item_title"
        case itemURL = "item_url"
        case publicationDate = "publication_date"
    }

    package var json: JSONValue {
        .object([
            "item_id": .string(itemID), "item_title": itemTitle.map(JSONValue.string) ?? .null,
            "item_url": itemURL.map(JSONValue.string) ?? .null, "author": .array(author.map(JSONValue.string)),
            "publisher": .string(publisher), "publication_date": publicationDate.map(JSONValue.string) ?? .null,
            "snippets": .array(snippets.map(JSONValue.string)), "sections": .array(sections.map(\.json)),
        ])
    }
}

/// The first event of a grounded stream when citations were asked for.
package struct CitationsEvent: Encodable, Sendable {
    package var object = "chat.completion.citations"
    package var citations: [Citation]
    package var sourcesReturned: Bool

    package init(citations: [Citation], sourcesReturned: Bool) {
        self.citations = citations
        self.sourcesReturned = sourcesReturned
    }

    enum CodingKeys: String, CodingKey {
        case object, citations
        case sourcesReturned = "sources_returned"
    }
}
