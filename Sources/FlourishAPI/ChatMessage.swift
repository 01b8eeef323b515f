/// The author of a chat message.
package enum Role: String, Codable, Sendable, CaseIterable {
    case system, developer, user, assistant, tool
}

/// One message of a conversation, in OpenAI's shape.
package struct ChatMessage: Codable, Sendable, Equatable {
    package var role: Role
    package var content: MessageContent?
    package var name: String?
    package var toolCalls: [ToolCall]?
    package var toolCallID: String?

    package init(
        role: Role, content: MessageContent?, name: String? = nil, toolCalls: [ToolCall]? = nil,
        toolCallID: String? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    enum CodingKeys: String, CodingKey {
        case role, content, name
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    package func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    /// The message as sent upstream. An assistant turn that only calls tools carries `content: null`, as OpenAI
    /// expects.
    package var json: JSONValue {
        var members: [String: JSONValue] = ["role": .string(role.rawValue), "content": content?.json ?? .null]
        members.setIfPresent("name", name.map(JSONValue.string))
        members.setIfPresent("tool_calls", toolCalls.map { .array($0.map(\.json)) })
        members.setIfPresent("tool_call_id", toolCallID.map(JSONValue.string))
        return .object(members)
    }
}

/// A message's content: plain text or a list of typed parts.
package enum MessageContent: Codable, Sendable, Equatable {
    case text(String)
    case parts([ContentPart])

    /// All text of the content joined, ignoring non-text parts.
    package var plainText: String {
        switch self {
        case .text(let text): text
        case .parts(let parts): parts.compactMap(\.text).joined(separator: "\n")
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([ContentPart].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    package var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .parts(let parts): .array(parts.map(\.json))
        }
    }
}

/// One part of a multi-part message; part types Flourish does not interpret are kept as they came.
package enum ContentPart: Codable, Sendable, Equatable {
    case text(String)
    case imageURL(url: String, detail: String?)
    case other([String: JSONValue])

    package var text: String? {
        if case .text(let text) = self { text } else { nil }
    }

    package init(from decoder: any Decoder) throws {
        let object = try [String: JSONValue](from: decoder)
        switch object["type"]?.stringValue {
        case "text":
            guard let text = object["text"]?.stringValue else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "text"))
            }
            self = .text(text)
        case "image_url":
            guard let url = object["image_url"]?["url"]?.stringValue else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "url"))
            }
            self = .imageURL(url: url, detail: object["image_url"]?["detail"]?.stringValue)
        default:
            self = .other(object)
        }
    }

    package func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    package var json: JSONValue {
        switch self {
        case .text(let text):
            return .object(["type": "text", "text": .string(text)])
        case .imageURL(let url, let detail):
            var image: [String: JSONValue] = ["url": .string(url)]
            image.setIfPresent("detail", detail.map(JSONValue.string))
            return .object(["type": "image_url", "image_url": .object(image)])
        case .other(let object):
            return .object(object)
        }
    }
}
