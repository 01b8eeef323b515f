/// One `chat.completion.chunk` event of a stream, with Gloo's routing metadata beside it.
package struct ChatChunk: JSONMapped, Sendable, Equatable {
    package struct Choice: JSONMapped, Sendable, Equatable {
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

        package init(json: JSONValue) throws(JSONShapeError) {
            let fields = try JSONFields(json, name: "choices[]")
            index = try fields.integer("index") ?? 0
            delta = try fields.value("delta").map(Delta.init(json:)) ?? Delta()
            finishReason = try fields.string("finish_reason")
            logprobs = fields.value("logprobs")
        }

        /// `finish_reason` is always there, null until the last chunk, as OpenAI sends it.
        package var json: JSONValue {
            var members: [String: JSONValue] = [
                "index": .integer(index), "delta": delta.json,
                "finish_reason": finishReason.map(JSONValue.string) ?? .null,
            ]
            members.setIfPresent("logprobs", logprobs)
            return .object(members)
        }
    }

    /// What one chunk adds to the message.
    package struct Delta: JSONMapped, Sendable, Equatable {
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

        package init(json: JSONValue) throws(JSONShapeError) {
            let fields = try JSONFields(json, name: "delta")
            role = try fields.string("role")
            content = try fields.string("content")
            toolCalls = try fields.positionedArray("tool_calls", ToolCallDelta.init(json:position:))
            refusal = try fields.string("refusal")
            reasoningContent = try fields.string("reasoning_content")
        }

        package var json: JSONValue {
            var members: [String: JSONValue] = [:]
            members.setIfPresent("role", role.map(JSONValue.string))
            members.setIfPresent("content", content.map(JSONValue.string))
            members.setIfPresent("tool_calls", toolCalls.map { .array($0.map(\.json)) })
            members.setIfPresent("refusal", refusal.map(JSONValue.string))
            members.setIfPresent("reasoning_content", reasoningContent.map(JSONValue.string))
            return .object(members)
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

    /// An upstream chunk; routing, safety and error are Flourish's own and are not read back.
    package init(json: JSONValue) throws(JSONShapeError) {
        let fields = try JSONFields(json, name: "chunk")
        self.init(
            id: try fields.string("id") ?? "", created: try fields.integer("created") ?? 0,
            model: try fields.string("model") ?? "", choices: try fields.array("choices", Choice.init(json:)) ?? [],
            usage: try fields.value("usage").map(Usage.init(json:)))
        systemFingerprint = try fields.string("system_fingerprint")
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "object": .string(object), "created": .integer(created), "model": .string(model),
            "choices": .array(choices.map(\.json)),
        ]
        members.setIfPresent("usage", usage?.json)
        members.setIfPresent("system_fingerprint", systemFingerprint.map(JSONValue.string))
        members.setIfPresent("error", error?.json)
        routing?.add(to: &members)
        members.setIfPresent("safety", safety?.json)
        return .object(members)
    }
}
