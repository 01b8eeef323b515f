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
package struct ToolCall: JSONMapped, Sendable, Equatable {
    package struct Function: Sendable, Equatable {
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

    package init(json: JSONValue) throws(JSONShapeError) {
        let fields = try JSONFields(json, name: "tool_calls[]")
        guard let id = try fields.string("id"), let function = fields.value("function") else {
            throw JSONShapeError(key: "tool_calls[]", expected: "a call with an id and a function")
        }
        let functionFields = try JSONFields(function, name: "function")
        guard let name = try functionFields.string("name") else {
            throw JSONShapeError(key: "function.name", expected: "a string")
        }
        self.init(id: id, function: Function(name: name, arguments: try functionFields.string("arguments") ?? ""))
        type = try fields.string("type") ?? "function"
    }

    package var json: JSONValue {
        .object([
            "id": .string(id), "type": .string(type),
            "function": .object(["name": .string(function.name), "arguments": .string(function.arguments)]),
        ])
    }
}

/// A fragment of a streamed tool call: index, then id and name, then argument pieces.
package struct ToolCallDelta: JSONMapped, Sendable, Equatable {
    package struct Function: Sendable, Equatable {
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

    package init(json: JSONValue) throws(JSONShapeError) {
        try self.init(json: json, position: 0)
    }

    /// A delta without an `index` (some open-source servers send whole calls) takes its position in the array.
    package init(json: JSONValue, position: Int) throws(JSONShapeError) {
        let fields = try JSONFields(json, name: "tool_calls[]")
        index = try fields.integer("index") ?? position
        id = try fields.string("id")
        type = try fields.string("type")
        function = try fields.value("function").map { value throws(JSONShapeError) in
            let function = try JSONFields(value, name: "function")
            return Function(name: try function.string("name"), arguments: try function.string("arguments"))
        }
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = ["index": .integer(index)]
        members.setIfPresent("id", id.map(JSONValue.string))
        members.setIfPresent("type", type.map(JSONValue.string))
        if let function {
            var inner: [String: JSONValue] = [:]
            inner.setIfPresent("name", function.name.map(JSONValue.string))
            inner.setIfPresent("arguments", function.arguments.map(JSONValue.string))
            members["function"] = .object(inner)
        }
        return .object(members)
    }
}
