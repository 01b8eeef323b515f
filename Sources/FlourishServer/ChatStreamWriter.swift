import FlourishAPI
import Foundation
import Hummingbird
import NIOCore

/// Rewrites upstream chunks for the caller (Flourish id, Gloo model id, routing metadata, usage only when
/// asked for) and frames them as SSE.
struct ChatStreamWriter: Sendable {
    let completionID: String
    let created: Int
    let modelID: String
    let metadata: RoutingMetadata
    let includesUsage: Bool

    static let done = ByteBuffer(string: "data: [DONE]\n\n")
    /// An SSE comment: clients ignore it, proxies see the connection is alive.
    static let heartbeat = ByteBuffer(string: ": keep-alive\n\n")

    /// The chunk as the caller sees it, or nil when it only carried usage the caller did not ask for.
    /// - Parameter needsRole: true until a chunk with choices went out; the first such chunk names the role.
    func rewrite(_ chunk: ChatChunk, needsRole: Bool) -> ChatChunk? {
        var chunk = chunk
        if chunk.usage != nil && !includesUsage {
            if chunk.choices.isEmpty { return nil }
            chunk.usage = nil
        }
        chunk.id = completionID
        chunk.created = created
        chunk.model = modelID
        chunk.routing = metadata
        if needsRole, !chunk.choices.isEmpty, chunk.choices[0].delta.role == nil {
            chunk.choices[0].delta.role = "assistant"
        }
        return chunk
    }

    /// The final chunk of a stream that failed after it began.
    func errorChunk(_ error: GatewayError) -> ChatChunk {
        var chunk = ChatChunk(
            id: completionID, created: created, model: modelID,
            choices: [.init(index: 0, delta: .init(), finishReason: "error")])
        chunk.error = error.envelopeBody
        chunk.routing = metadata
        return chunk
    }

    func event(_ chunk: ChatChunk) -> ByteBuffer {
        Self.event(chunk)
    }

    /// One SSE `data:` event carrying a wire type, written by Flourish's own writer.
    static func event(_ value: some JSONMapped) -> ByteBuffer {
        var buffer = ByteBuffer()
        append(value, to: &buffer)
        return buffer
    }

    /// Appends one SSE `data:` event to `events`.
    static func append(_ value: some JSONMapped, to events: inout ByteBuffer) {
        var bytes = Array("data: ".utf8)
        value.json.write(into: &bytes)
        bytes.append(contentsOf: "\n\n".utf8)
        events.writeBytes(bytes)
    }

    /// One SSE `data:` event carrying a JSON value.
    static func event(_ value: some Encodable) throws -> ByteBuffer {
        var buffer = ByteBuffer(string: "data: ")
        buffer.writeBytes(try JSONCoding.encode(value))
        buffer.writeString("\n\n")
        return buffer
    }
}
