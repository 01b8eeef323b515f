extension FieldReader {
    func messages() throws(GatewayError) -> [ChatMessage] {
        guard let value = value("messages") else {
            throw GatewayError(
                .invalidRequest, "Missing required parameter: 'messages'.", param: "messages",
                reason: "missing_required_parameter")
        }
        guard let array = value.arrayValue else { throw typeError("messages", expected: "an array", got: value) }
        guard !array.isEmpty else {
            throw GatewayError(
                .invalidRequest,
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                param: "messages", reason: "empty_array")
        }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(array.count)
        for (index, item) in array.enumerated() {
            messages.append(try message(item, param: "messages[\(index)]"))
        }
        return messages
    }

    private func message(_ value: JSONValue, param: String) throws(GatewayError) -> ChatMessage {
        guard let object = value.objectValue else { throw typeError(param, expected: "an object", got: value) }
        let fields = FieldReader(object: object)
        guard let roleName = try fields.string("role").map({ $0 }) else {
            throw GatewayError(
                .invalidRequest, "Missing required parameter: '\(param).role'.", param: "\(param).role",
                reason: "missing_required_parameter")
        }
        guard let role = Role(rawValue: roleName) else {
            let allowed = Role.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw GatewayError(
                .invalidValue, "Invalid value: '\(roleName)'. Supported values are: \(allowed).",
                param: "\(param).role", reason: "invalid_value")
        }
        let toolCalls = role == .assistant ? try fields.toolCalls(param: "\(param).tool_calls") : nil
        let content = try fields.content(role: role, param: "\(param).content")
        if content == nil && !(role == .assistant && toolCalls != nil) {
            throw GatewayError(
                .invalidRequest, "Missing required parameter: '\(param).content'.", param: "\(param).content",
                reason: "missing_required_parameter")
        }
        var toolCallID: String?
        if role == .tool {
            toolCallID = try fields.string("tool_call_id")
            guard toolCallID != nil else {
                throw GatewayError(
                    .invalidRequest, "Missing required parameter: '\(param).tool_call_id'.",
                    param: "\(param).tool_call_id", reason: "missing_required_parameter")
            }
        }
        return ChatMessage(
            role: role, content: content, name: try fields.string("name"), toolCalls: toolCalls,
            toolCallID: toolCallID)
    }

    private func content(role: Role, param: String) throws(GatewayError) -> MessageContent? {
        guard let value = value("content") else { return nil }
        if let text = value.stringValue { return .text(text) }
        guard let array = value.arrayValue else {
            throw typeError(param, expected: "a string or an array of content parts", got: value)
        }
        var parts: [ContentPart] = []
        for (index, item) in array.enumerated() {
            parts.append(try contentPart(item, role: role, param: "\(param)[\(index)]"))
        }
        return .parts(parts)
    }

    private func contentPart(_ value: JSONValue, role: Role, param: String) throws(GatewayError) -> ContentPart {
        guard let object = value.objectValue else { throw typeError(param, expected: "an object", got: value) }
        let fields = FieldReader(object: object)
        let type = try fields.string("type")
        let allowed: [String] =
            switch role {
            case .user: ["text", "image_url", "input_audio", "file"]
            case .assistant: ["text", "refusal"]
            default: ["text"]
            }
        guard let type, allowed.contains(type) else {
            let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
            throw GatewayError(
                .invalidValue,
                "Invalid value: '\(type ?? "")'. Supported values for a \(role.rawValue) message are: \(list).",
                param: "\(param).type", reason: "invalid_value")
        }
        switch type {
        case "text":
            guard let text = try fields.string("text") else {
                throw GatewayError(
                    .invalidRequest, "Missing required parameter: '\(param).text'.", param: "\(param).text",
                    reason: "missing_required_parameter")
            }
            return .text(text)
        case "image_url":
            guard let image = object["image_url"]?.objectValue, let url = image["url"]?.stringValue, !url.isEmpty else {
                throw GatewayError(
                    .invalidRequest, "Missing required parameter: '\(param).image_url.url'.",
                    param: "\(param).image_url.url", reason: "missing_required_parameter")
            }
            return .imageURL(url: url, detail: image["detail"]?.stringValue)
        default:
            return .other(object)
        }
    }

    private func toolCalls(param: String) throws(GatewayError) -> [ToolCall]? {
        guard let value = value("tool_calls") else { return nil }
        guard let array = value.arrayValue else { throw typeError(param, expected: "an array", got: value) }
        var calls: [ToolCall] = []
        for (index, item) in array.enumerated() {
            let itemParam = "\(param)[\(index)]"
            guard let id = item["id"]?.stringValue, let function = item["function"]?.objectValue,
                let name = function["name"]?.stringValue, let arguments = function["arguments"]?.stringValue
            else {
                throw GatewayError(
                    .invalidRequest,
                    "Invalid '\(itemParam)': a tool call needs 'id', 'function.name' and 'function.arguments' (a JSON string).",
                    param: itemParam, reason: "invalid_value")
            }
            calls.append(ToolCall(id: id, function: .init(name: name, arguments: arguments)))
        }
        return calls
    }
}
