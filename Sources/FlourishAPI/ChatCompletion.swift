/// A non-streamed chat completion in OpenAI's shape, with Gloo's routing metadata beside it.
package struct ChatCompletion: Codable, Sendable, Equatable {
    package struct Choice: Codable, Sendable, Equatable {
        package var index: Int
        package var message: AssistantMessage
        package var finishReason: String?
        package var logprobs: JSONValue?

        package init(index: Int, message: AssistantMessage, finishReason: String?, logprobs: JSONValue? = nil) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
            self.logprobs = logprobs
        }

        enum CodingKeys: String, CodingKey {
            case index, message, logprobs
            case finishReason = "finish_reason"
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(message, forKey: .message)
            try container.encode(logprobs, forKey: .logprobs)
            try container.encode(finishReason, forKey: .finishReason)
        }
    }

    package var id: String
    package var object: String = "chat.completion"
    package var created: Int
    /// The Gloo model id that served the request, once routing metadata is applied.
    package var model: String
    package var choices: [Choice]
    package var usage: Usage?
    package var systemFingerprint: String?
    package var routing: RoutingMetadata?
    /// Set by grounded completions.
    package var grounding: GroundingResult?
    /// What the values layer found, when it found something.
    package var safety: SafetyReport?

    package init(
        id: String, created: Int, model: String, choices: [Choice], usage: Usage?, systemFingerprint: String? = nil
    ) {
        self.id = id
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.systemFingerprint = systemFingerprint
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage, safety
        case systemFingerprint = "system_fingerprint"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        created = try container.decodeIfPresent(Int.self, forKey: .created) ?? 0
        model = try container.decodeIfPresent(String.self, forKey: .model) ?? ""
        choices = try container.decode([Choice].self, forKey: .choices)
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
        systemFingerprint = try container.decodeIfPresent(String.self, forKey: .systemFingerprint)
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
        try routing?.encode(to: encoder)
        try grounding?.encode(to: encoder)
        try container.encodeIfPresent(safety, forKey: .safety)
    }
}

/// The assistant's reply in a completion.
package struct AssistantMessage: Codable, Sendable, Equatable {
    package var role: String = "assistant"
    package var content: String?
    package var toolCalls: [ToolCall]?
    package var refusal: String?
    /// Reasoning text some open-source servers return beside the answer.
    package var reasoningContent: String?

    package init(
        content: String?, toolCalls: [ToolCall]? = nil, refusal: String? = nil, reasoningContent: String? = nil
    ) {
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

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
        reasoningContent = try container.decodeIfPresent(String.self, forKey: .reasoningContent)
        if toolCalls?.isEmpty == true { toolCalls = nil }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encode(refusal, forKey: .refusal)
        try container.encodeIfPresent(reasoningContent, forKey: .reasoningContent)
    }
}
