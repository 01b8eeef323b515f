import AsyncHTTPClient
import FlourishAPI
import Foundation
import NIOCore

/// Parses an OpenAI-compatible SSE body into chunks as the bytes arrive.
struct OpenAIChunkSequence: AsyncSequence, Sendable {
    typealias Element = [ChatChunk]

    let body: HTTPClientResponse.Body
    let providerName: String

    func makeAsyncIterator() -> Iterator {
        Iterator(bytes: body.makeAsyncIterator(), providerName: providerName)
    }

    struct Iterator: AsyncIteratorProtocol {
        var bytes: HTTPClientResponse.Body.AsyncIterator
        let providerName: String
        var parser = SSEParser()
        var pending: [[UInt8]] = []
        var isDone = false
        var sawFinish = false
        /// A failure after chunks of the same read; thrown once those chunks were delivered.
        var failure: (any Error)?

        init(bytes: HTTPClientResponse.Body.AsyncIterator, providerName: String) {
            self.bytes = bytes
            self.providerName = providerName
        }

        /// The chunks of the events read so far, never empty; nil after `[DONE]` or a finished body.
        mutating func next() async throws -> [ChatChunk]? {
            if let failure {
                self.failure = nil
                throw failure
            }
            var batch: [ChatChunk] = []
            while true {
                while !isDone, !pending.isEmpty {
                    let data = pending.removeFirst()
                    do {
                        if let chunk = try decode(data) { batch.append(chunk) }
                    } catch {
                        guard !batch.isEmpty else { throw error }
                        failure = error
                        isDone = true
                        return batch
                    }
                }
                if !batch.isEmpty { return batch }
                if isDone { return nil }
                guard let buffer = try await bytes.next() else {
                    if let last = parser.finish() {
                        pending.append(last)
                        continue
                    }
                    isDone = true
                    guard sawFinish else {
                        throw GatewayError(
                            .upstreamFailed,
                            "The provider \(providerName) ended the stream before the answer was complete.",
                            reason: "provider_stream_truncated")
                    }
                    return nil
                }
                pending.append(contentsOf: parser.consume(buffer.readableBytesView))
            }
        }

        /// A chunk, or nil for `[DONE]`; an error event becomes a thrown `GatewayError`.
        private mutating func decode(_ data: [UInt8]) throws -> ChatChunk? {
            if data.elementsEqual("[DONE]".utf8) {
                isDone = true
                return nil
            }
            let chunk: ChatChunk
            do {
                chunk = try ChatChunk(json: try JSONValue(parsing: data))
            } catch {
                throw GatewayError(
                    .upstreamFailed, "The provider \(providerName) sent a stream event Flourish could not read.",
                    reason: "provider_bad_response", underlying: error)
            }
            if chunk.choices.isEmpty && chunk.usage == nil, let message = UpstreamFailure.message(in: data) {
                throw GatewayError(
                    .upstreamFailed, "The provider \(providerName) failed during the stream: \(message)",
                    reason: "provider_stream_error")
            }
            if chunk.choices.contains(where: { $0.finishReason != nil }) { sawFinish = true }
            return chunk
        }
    }
}
