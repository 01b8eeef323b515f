import FlourishAPI
import Hummingbird
import NIOCore

extension Response {
    /// A JSON response of any encodable value.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONCoding.encode(value))))
    }
}

extension JSONValue {
    /// An optional string as JSON, null when absent.
    init(_ string: String?) {
        self = string.map { .string($0) } ?? .null
    }

    init(_ strings: [String]?) {
        self = strings.map { .array($0.map { .string($0) }) } ?? .null
    }
}
