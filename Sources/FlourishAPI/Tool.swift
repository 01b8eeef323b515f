/// A function the model may call.
package struct Tool: Codable, Sendable, Equatable {
    package struct Function: Codable, Sendable, Equatable {
        package var name: String
        package var description: String?
        /// The arguments' JSON Schema.
        package var parameters: JSONValue?
        package var strict: Bool?

        package init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
        }
    }

    package var type: String = "function"
    package var function: Function

    package init(function: Function) {
        self.function = function
    }
}

/// How the model may use the tools: OpenAI's `tool_choice`.
package enum ToolChoice: Sendable, Equatable {
    case none
    case auto
    case required
    case function(name: String)
}

/// A call the assistant made, with its arguments as a JSON string.
package struct ToolCall: Codable, Sendable, Equatable {
    package struct Function: Codable, Sendable, Equatable {
        package var name: String
        package var arguments: String

        package init(name: String, arguments: String) {
            self.name = name
            self.arguments = arguments
        }
    }

    package var id: String
    package var type: String = "function"
    package var function: Function

    package init(id: String, function: Function) {
        self.id = id
        self.function = function
    }
}

/// A fragment of a streamed tool call: index, then id and name, then argument pieces.
package struct ToolCallDelta: Codable, Sendable, Equatable {
    package struct Function: Codable, Sendable, Equatable {
        package var name: String?
        package var arguments: String?

        package init(name: String? = nil, arguments: String? = nil) {
            self.name = name
            self.arguments = arguments
        }
    }

    package var index: Int
    package var id: String?
    package var type: String?
    package var function: Function?

    package init(index: Int, id: String? = nil, type: String? = nil, function: Function? = nil) {
        self.index = index
        self.id = id
        self.type = type
        self.function = function
    }
}
