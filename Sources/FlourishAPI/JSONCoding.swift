import Foundation

/// The JSON coders Flourish shares; created once, since each request would otherwise allocate its own.
package enum JSONCoding {
    package static let decoder = JSONDecoder()
    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// Encodes a value as JSON bytes.
    package static func encode(_ value: some Encodable) throws -> Data {
        try encoder.encode(value)
    }
}
