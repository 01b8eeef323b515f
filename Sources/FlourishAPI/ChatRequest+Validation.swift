import Foundation

extension ChatRequest {
    /// Validates a decoded request body.
    /// - Throws: `GatewayError` naming the parameter at fault.
    package init(json: JSONValue) throws(GatewayError) {
        guard let object = json.objectValue else {
            throw GatewayError(
                .invalidRequest, "The request body must be a JSON object, but got \(json.typeName).",
                reason: "invalid_type")
        }
        let reader = FieldReader(object: object)
        self.routing = try reader.routingSelection()
        self.tradition = try reader.tradition()
        self.messages = try reader.messages()
        self.isStreaming = try reader.bool("stream") ?? false
        self.includesStreamUsage = try reader.streamOptionsIncludeUsage(isStreaming: isStreaming)
        self.temperature = try reader.number("temperature", in: 0...2)
        self.topP = try reader.number("top_p", in: 0...1)
        _ = try reader.number("presence_penalty", in: -2...2)
        _ = try reader.number("frequency_penalty", in: -2...2)
        let maxTokens = try reader.integer("max_tokens", atLeast: 1)
        let maxCompletionTokens = try reader.integer("max_completion_tokens", atLeast: 1)
        self.maxTokens = maxTokens ?? maxCompletionTokens
        _ = try reader.integer("n", atLeast: 1)
        self.stop = try reader.stop()
        self.tools = try reader.tools()
        self.toolChoice = try reader.toolChoice(tools: tools)
        self.parallelToolCalls = try reader.bool("parallel_tool_calls")
        self.responseFormat = try reader.responseFormat()
        self.user = try reader.string("user")
        self.fields = object
    }

    /// Decodes and validates raw body bytes.
    package init(bytes: some Collection<UInt8>) throws(GatewayError) {
        try self.init(json: try JSONValue(requestBody: bytes))
    }
}

extension JSONValue {
    /// A request body parsed as JSON, or 400 `invalid_json` with a hint.
    package init(requestBody bytes: some Collection<UInt8>) throws(GatewayError) {
        do {
            self = try JSONParser.parse(bytes)
        } catch {
            throw GatewayError(
                .invalidRequest,
                "We could not parse the JSON body of your request. The body must be valid JSON (HINT: check quotes, commas and braces).",
                reason: "invalid_json", underlying: error)
        }
    }
}

extension JSONValue {
    /// Bytes parsed as JSON by Flourish's own parser.
    package init(parsing bytes: some Collection<UInt8>) throws {
        self = try JSONParser.parse(bytes)
    }
}
