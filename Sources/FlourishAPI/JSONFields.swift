/// A wire type Flourish writes with its own JSON writer. Its Encodable conformance goes through `json`, so
/// Foundation's encoder and the writer always agree.
package protocol JSONWritable: Encodable {
    var json: JSONValue { get }
}

extension JSONWritable {
    package func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

/// A wire type with one JSON mapping both ways; its Decodable conformance goes through `init(json:)` too.
package protocol JSONMapped: JSONWritable, Decodable {
    init(json: JSONValue) throws(JSONShapeError)
}

extension JSONMapped {
    package init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
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
        try positionedArray(key) { element, _ throws(JSONShapeError) in try read(element) }
    }

    /// Each element of an array member, read by `element` with its position in the array.
    package func positionedArray<Element>(
        _ key: String, _ read: (JSONValue, Int) throws(JSONShapeError) -> Element
    ) throws(JSONShapeError) -> [Element]? {
        guard let value = present(key) else { return nil }
        guard case .array(let elements) = value else { throw JSONShapeError(key: key, expected: "an array") }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() { result.append(try read(element, position)) }
        return result
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Sets `key` only when there is a value, as `encodeIfPresent` does.
    package mutating func setIfPresent(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}
