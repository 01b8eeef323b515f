/// A non-streamed chat completion in OpenAI's shape, with Gloo's routing metadata beside it.
package struct ChatCompletion: JSONMapped, Sendable, Equatable {
    package struct Choice: JSONMapped, Sendable, Equatable {
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

        package init(json: JSONValue) throws(JSONShapeError) {
            let fields = try JSONFields(json, name: "choices[]")
            index = try fields.integer("index") ?? 0
            guard let message = fields.value("message") else {
                throw JSONShapeError(key: "message", expected: "an object")
            }
            self.message = try AssistantMessage(json: message)
            finishReason = try fields.string("finish_reason")
            logprobs = fields.value("logprobs")
        }

        /// `logprobs` and `finish_reason` are always there, null when unknown, as OpenAI sends them.
        package var json: JSONValue {
            .object([
                "index": .integer(index), "message": message.json, "logprobs": logprobs ?? .null,
                "finish_reason": finishReason.map(JSONValue.string) ?? .null,
            ])
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

    /// An upstream answer; routing, grounding and safety are Flourish's own and are not read back.
    package init(json: JSONValue) throws(JSONShapeError) {
        let fields = try JSONFields(json, name: "completion")
        guard let choices = try fields.array("choices", Choice.init(json:)) else {
            throw JSONShapeError(key: "choices", expected: "an array")
        }
        self.init(
            id: try fields.string("id") ?? "", created: try fields.integer("created") ?? 0,
            model: try fields.string("model") ?? "", choices: choices,
            usage: try fields.value("usage").map(Usage.init(json:)),
            systemFingerprint: try fields.string("system_fingerprint"))
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "object": .string(object), "created": .integer(created), "model": .string(model),
            "choices": .array(choices.map(\.json)),
        ]
        members.setIfPresent("usage", usage?.json)
        members.setIfPresent("system_fingerprint", systemFingerprint.map(JSONValue.string))
        routing?.add(to: &members)
        if let grounding, case .object(let groundingMembers) = grounding.json {
            members.merge(groundingMembers) { _, grounded in grounded }
        }
        members.setIfPresent("safety", safety?.json)
        return .object(members)
    }
}

/// The assistant's reply in a completion.
package struct AssistantMessage: JSONMapped, Sendable, Equatable {
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

    /// An empty list of tool calls reads as none.
    package init(json: JSONValue) throws(JSONShapeError) {
        let fields = try JSONFields(json, name: "message")
        content = try fields.string("content")
        toolCalls = try fields.array("tool_calls", ToolCall.init(json:))
        refusal = try fields.string("refusal")
        reasoningContent = try fields.string("reasoning_content")
        if toolCalls?.isEmpty == true { toolCalls = nil }
    }

    /// `content` and `refusal` are always there, null when empty, as OpenAI sends them.
    package var json: JSONValue {
        var members: [String: JSONValue] = [
            "role": .string(role), "content": content.map(JSONValue.string) ?? .null,
            "refusal": refusal.map(JSONValue.string) ?? .null,
        ]
        members.setIfPresent("tool_calls", toolCalls.map { .array($0.map(\.json)) })
        members.setIfPresent("reasoning_content", reasoningContent.map(JSONValue.string))
        return .object(members)
    }
}
