import AsyncHTTPClient
import FlourishAPI
import Foundation
import NIOCore

/// Turns one provider's stream events (each SSE event's JSON) into OpenAI chunks.
package protocol StreamTranslator: Sendable {
    var providerName: String { get }
    /// True once the provider said the stream is over; later bytes are not read.
    var isFinished: Bool { get }
    mutating func chunks(for event: JSONValue) throws(GatewayError) -> [ChatChunk]
    /// The chunks that close a stream whose body ended; throws when the answer was cut short.
    mutating func end() throws(GatewayError) -> [ChatChunk]
}

/// Parses an SSE body and translates its events as they arrive.
struct TranslatedChunkSequence<Translator: StreamTranslator>: AsyncSequence, Sendable {
    typealias Element = [ChatChunk]

    let body: HTTPClientResponse.Body
    let translator: Translator

    func makeAsyncIterator() -> Iterator {
        Iterator(bytes: body.makeAsyncIterator(), translator: translator)
    }

    struct Iterator: AsyncIteratorProtocol {
        var bytes: HTTPClientResponse.Body.AsyncIterator
        var translator: Translator
        var parser = SSEParser()
        var events: [[UInt8]] = []
        var isDone = false
        /// A failure after chunks of the same read; thrown once those chunks were delivered.
        var failure: (any Error)?

        /// The chunks of the events read so far, never empty; nil once the stream is over.
        mutating func next() async throws -> [ChatChunk]? {
            if let failure {
                self.failure = nil
                throw failure
            }
            var batch: [ChatChunk] = []
            while true {
                while !isDone, !events.isEmpty {
                    let data = events.removeFirst()
                    do {
                        batch += try translator.chunks(for: try event(data))
                        isDone = translator.isFinished
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
                        events.append(last)
                        continue
                    }
                    isDone = true
                    let closing = try translator.end()
                    return closing.isEmpty ? nil : closing
                }
                events += parser.consume(buffer.readableBytesView)
            }
        }

        private func event(_ data: [UInt8]) throws(GatewayError) -> JSONValue {
            guard let event = try? JSONValue(parsing: data) else {
                throw GatewayError(
                    .upstreamFailed,
                    "The provider \(translator.providerName) sent a stream event Flourish could not read.",
                    reason: "provider_bad_response")
            }
            return event
        }
    }
}
