/// A validated Completions V2 request: OpenAI Chat Completions plus Gloo's routing and tradition.
///
/// Built by ``ChatRequest/init(json:)``, which checks every field it knows the way OpenAI does and
/// keeps the original object so fields Flourish does not know reach OpenAI-compatible upstreams.
package struct ChatRequest: Sendable {
    package var messages: [ChatMessage]
    package var routing: RoutingSelection
    package var tradition: Tradition?
    package var isStreaming: Bool
    /// `stream_options.include_usage`: the caller wants a final usage chunk.
    package var includesStreamUsage: Bool
    package var temperature: Double?
    package var topP: Double?
    /// `max_tokens`, or `max_completion_tokens` when only that was sent.
    package var maxTokens: Int?
    package var stop: [String]?
    package var tools: [Tool]?
    package var toolChoice: ToolChoice?
    package var parallelToolCalls: Bool?
    package var responseFormat: JSONValue?
    package var user: String?
    /// The request object exactly as received.
    package var fields: [String: JSONValue]

    /// Keys that belong to Gloo and are never sent to an upstream.
    package static let glooKeys: Set<String> = [
        "auto_routing", "model_family", "tradition", "rag_publisher", "sources_limit", "include_citations",
    ]
}

/// The routing mechanism a request named.
package enum RoutingSelection: Sendable, Equatable {
    case auto
    case model(String)
    case family(String)
}

/// The theological perspective a request asks for.
package enum Tradition: String, Sendable, CaseIterable, Codable {
    case evangelical
    case catholic
    case mainline
    case notFaithSpecific = "not_faith_specific"
}
