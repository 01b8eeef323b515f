/// Reads and checks the fields of a request object, naming the parameter and OpenAI's error code on failure.
struct FieldReader {
    let object: [String: JSONValue]

    /// The value of a key, treating JSON null as absent.
    func value(_ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    func typeError(_ param: String, expected: String, got value: JSONValue) -> GatewayError {
        GatewayError(
            .invalidRequest, "Invalid type for '\(param)': expected \(expected), but got \(value.typeName) instead.",
            param: param, reason: "invalid_type")
    }

    func bool(_ key: String) throws(GatewayError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.boolValue else { throw typeError(key, expected: "a boolean", got: value) }
        return bool
    }

    func string(_ key: String) throws(GatewayError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.stringValue else { throw typeError(key, expected: "a string", got: value) }
        return string
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws(GatewayError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.numberValue else { throw typeError(key, expected: "a decimal", got: value) }
        guard range.contains(number) else {
            let (bound, code) =
                number < range.lowerBound
                ? ("greater than or equal to \(range.lowerBound)", "decimal_below_min_value")
                : ("less than or equal to \(range.upperBound)", "decimal_above_max_value")
            throw GatewayError(
                .invalidValue, "Invalid '\(key)': \(number) must be \(bound).", param: key, reason: code)
        }
        return number
    }

    func integer(_ key: String, atLeast minimum: Int) throws(GatewayError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let integer = value.integerValue else { throw typeError(key, expected: "an integer", got: value) }
        guard integer >= minimum else {
            throw GatewayError(
                .invalidValue,
                "Invalid '\(key)': integer below minimum value. Expected a value >= \(minimum), but got \(integer) instead.",
                param: key, reason: "integer_below_min_value")
        }
        return integer
    }

    func stop() throws(GatewayError) -> [String]? {
        guard let value = value("stop") else { return nil }
        if let single = value.stringValue { return [single] }
        guard let array = value.arrayValue else {
            throw typeError("stop", expected: "a string or an array of strings", got: value)
        }
        guard array.count <= 4 else {
            throw GatewayError(
                .invalidValue, "Invalid 'stop': array too long. Expected at most 4 sequences, but got \(array.count).",
                param: "stop", reason: "array_above_max_length")
        }
        var sequences: [String] = []
        for (index, item) in array.enumerated() {
            guard let string = item.stringValue else {
                throw typeError("stop[\(index)]", expected: "a string", got: item)
            }
            sequences.append(string)
        }
        return sequences
    }

    func streamOptionsIncludeUsage(isStreaming: Bool) throws(GatewayError) -> Bool {
        guard let value = value("stream_options") else { return false }
        guard let options = value.objectValue else {
            throw typeError("stream_options", expected: "an object", got: value)
        }
        guard isStreaming else {
            throw GatewayError(
                .invalidRequest, "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                param: "stream_options", reason: "invalid_value")
        }
        guard let include = options["include_usage"], include != .null else { return false }
        guard let flag = include.boolValue else {
            throw typeError("stream_options.include_usage", expected: "a boolean", got: include)
        }
        return flag
    }

    func responseFormat() throws(GatewayError) -> JSONValue? {
        guard let value = value("response_format") else { return nil }
        guard let type = value["type"]?.stringValue else {
            throw GatewayError(
                .invalidRequest, "Missing required parameter: 'response_format.type'.", param: "response_format.type",
                reason: "missing_required_parameter")
        }
        switch type {
        case "text", "json_object":
            return value
        case "json_schema":
            guard value["json_schema"]?.objectValue != nil else {
                throw GatewayError(
                    .invalidRequest, "Missing required parameter: 'response_format.json_schema'.",
                    param: "response_format.json_schema", reason: "missing_required_parameter")
            }
            return value
        default:
            throw GatewayError(
                .invalidValue,
                "Invalid value: '\(type)'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                param: "response_format.type", reason: "invalid_value")
        }
    }
}
