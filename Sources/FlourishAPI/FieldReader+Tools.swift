extension FieldReader {
    func tools() throws(GatewayError) -> [Tool]? {
        guard let value = value("tools") else { return nil }
        guard let array = value.arrayValue else { throw typeError("tools", expected: "an array", got: value) }
        var tools: [Tool] = []
        for (index, item) in array.enumerated() {
            let param = "tools[\(index)]"
            guard item["type"]?.stringValue == "function" else {
                throw GatewayError(
                    .invalidValue, "Invalid value for '\(param).type': supported values are: 'function'.",
                    param: "\(param).type", reason: "invalid_value")
            }
            guard let function = item["function"]?.objectValue else {
                throw GatewayError(
                    .invalidRequest, "Missing required parameter: '\(param).function'.", param: "\(param).function",
                    reason: "missing_required_parameter")
            }
            guard let name = function["name"]?.stringValue else {
                throw GatewayError(
                    .invalidRequest, "Missing required parameter: '\(param).function.name'.",
                    param: "\(param).function.name", reason: "missing_required_parameter")
            }
            guard Self.isValidFunctionName(name) else {
                throw GatewayError(
                    .invalidValue,
                    "Invalid '\(param).function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.",
                    param: "\(param).function.name", reason: "invalid_value")
            }
            let parameters = function["parameters"].flatMap { $0 == .null ? nil : $0 }
            if let parameters, parameters.objectValue == nil {
                throw typeError("\(param).function.parameters", expected: "an object", got: parameters)
            }
            tools.append(
                Tool(
                    function: .init(
                        name: name, description: function["description"]?.stringValue, parameters: parameters,
                        strict: function["strict"]?.boolValue)))
        }
        return tools
    }

    func toolChoice(tools: [Tool]?) throws(GatewayError) -> ToolChoice? {
        guard let value = value("tool_choice") else { return nil }
        let choice: ToolChoice
        switch value {
        case .string("none"): choice = .none
        case .string("auto"): choice = .auto
        case .string("required"): choice = .required
        case .object(let object):
            guard object["type"]?.stringValue == "function", let name = object["function"]?["name"]?.stringValue else {
                throw GatewayError(
                    .invalidValue,
                    "Invalid 'tool_choice': expected {\"type\": \"function\", \"function\": {\"name\": ...}}.",
                    param: "tool_choice", reason: "invalid_value")
            }
            guard tools?.contains(where: { $0.function.name == name }) == true else {
                throw GatewayError(
                    .invalidValue, "Invalid 'tool_choice': no tool named '\(name)' is in 'tools'.",
                    param: "tool_choice", reason: "invalid_value")
            }
            choice = .function(name: name)
        default:
            throw GatewayError(
                .invalidValue,
                "Invalid value for 'tool_choice': supported values are 'none', 'auto', 'required' or a named function.",
                param: "tool_choice", reason: "invalid_value")
        }
        if choice != .none && (tools ?? []).isEmpty {
            throw GatewayError(
                .invalidValue,
                "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
                param: "tool_choice", reason: "invalid_value")
        }
        return choice
    }

    static func isValidFunctionName(_ name: String) -> Bool {
        let utf8 = name.utf8
        return (1...64).contains(utf8.count)
            && utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F || byte == 0x2D
            }
    }
}
