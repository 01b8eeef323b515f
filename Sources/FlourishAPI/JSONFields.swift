/// A wire type with one JSON mapping. Its Codable conformance goes through the mapping, so Foundation's coders
/// and Flourish's own reader and writer (the per-request and per-chunk path) always agree.
package protocol JSONMapped: Codable {
    init(json: JSONValue) throws(JSONShapeError)
    var json: JSONValue { get }
}

extension JSONMapped {
    package init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    package func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

/// A JSON value that did not have the shape a wire type needs.
package struct JSONShapeError: Error, CustomStringConvertible {
    package let key: String
    package let expected: String
    package var description: String { "'\(key)' is not \(expected)" }
}

/// Reads the members of one JSON object for a wire type's `init(json:)`: absent and null read as nil, any
/// other wrong type throws, as a Codable decoder would.
package struct JSONFields {
    package let members: [String: JSONValue]

    package init(_ value: JSONValue, name: String = "value") throws(JSONShapeError) {
        guard case .object(let members) = value else { throw JSONShapeError(key: name, expected: "an object") }
        self.members = members
    }

    private func present(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    package func string(_ key: String) throws(JSONShapeError) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let string) = value else { throw JSONShapeError(key: key, expected: "a string") }
        return string
    }

    package func integer(_ key: String) throws(JSONShapeError) -> Int? {
        guard let value = present(key) else { return nil }
        guard let integer = value.integerValue else { throw JSONShapeError(key: key, expected: "an integer") }
        return integer
    }

    package func number(_ key: String) throws(JSONShapeError) -> Double? {
        guard let value = present(key) else { return nil }
        guard let number = value.numberValue else { throw JSONShapeError(key: key, expected: "a number") }
        return number
    }

    package func bool(_ key: String) throws(JSONShapeError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let bool) = value else { throw JSONShapeError(key: key, expected: "a boolean") }
        return bool
    }

    /// The value as it is, when present and not null.
    package func value(_ key: String) -> JSONValue? {
        present(key)
    }

    /// Each element of an array member, read by `element`.
    package func array<Element>(
        _ key: String, _ read: (JSONValue) throws(JSONShapeError) -> Element
    ) throws(JSONShapeError) -> [Element]? {
        guard let value = present(key) else { return nil }
        guard case .array(let elements) = value else { throw JSONShapeError(key: key, expected: "an array") }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for element in elements { result.append(try read(element)) }
        return result
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Sets `key` only when there is a value, as `encodeIfPresent` does.
    package mutating func setIfPresent(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}

extension JSONValue {
    /// A value of any Codable wire type, through Foundation; for the rare members that have no JSON mapping of
    /// their own.
    package init(encoding value: some Encodable) {
        guard let bytes = try? JSONCoding.encode(value), let parsed = try? JSONParser.parse(bytes) else {
            self = .null
            return
        }
        self = parsed
    }
}
