/// One `chat.completion.chunk` event of a stream, with Gloo's routing metadata beside it.
package struct ChatChunk: Codable, Sendable, Equatable {
    package struct Choice: Codable, Sendable, Equatable {
        package var index: Int
        package var delta: Delta
        package var finishReason: String?
        package var logprobs: JSONValue?

        package init(index: Int, delta: Delta, finishReason: String? = nil, logprobs: JSONValue? = nil) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
            self.logprobs = logprobs
        }

        enum CodingKeys: String, CodingKey {
            case index, delta, logprobs
            case finishReason = "finish_reason"
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
            try container.encodeIfPresent(logprobs, forKey: .logprobs)
            try container.encode(finishReason, forKey: .finishReason)
        }
    }

    /// What one chunk adds to the message.
    package struct Delta: Codable, Sendable, Equatable {
        package var role: String?
        package var content: String?
        package var toolCalls: [ToolCallDelta]?
        package var refusal: String?
        package var reasoningContent: String?

        package init(
            role: String? = nil, content: String? = nil, toolCalls: [ToolCallDelta]? = nil, refusal: String? = nil,
            reasoningContent: String? = nil
        ) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
            self.refusal = refusal
            self.reasoningContent = reasoningContent
        }

        enum CodingKeys: String, CodingKey {
            case role, content, refusal
            case toolCalls = "tool_calls"
            case reasoningContent = "reasoning_content"
        }
    }

    package var id: String
    package var object: String = "chat.completion.chunk"
    package var created: Int
    package var model: String
    package var choices: [Choice]
    package var usage: Usage?
    package var systemFingerprint: String?
    /// Set on the final chunk of a stream that failed after it began.
    package var error: ErrorEnvelope.Body?
    package var routing: RoutingMetadata?
    /// What the values layer found: on the first chunk for the input, on the last for the answer.
    package var safety: SafetyReport?

    package init(id: String, created: Int, model: String, choices: [Choice], usage: Usage? = nil) {
        self.id = id
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage, error, safety
        case systemFingerprint = "system_fingerprint"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        created = try container.decodeIfPresent(Int.self, forKey: .created) ?? 0
        model = try container.decodeIfPresent(String.self, forKey: .model) ?? ""
        choices = try container.decodeIfPresent([Choice].self, forKey: .choices) ?? []
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
        systemFingerprint = try container.decodeIfPresent(String.self, forKey: .systemFingerprint)
        error = nil
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(object, forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encode(choices, forKey: .choices)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encodeIfPresent(systemFingerprint, forKey: .systemFingerprint)
        try container.encodeIfPresent(error, forKey: .error)
        try routing?.encode(to: encoder)
        try container.encodeIfPresent(safety, forKey: .safety)
    }
}
