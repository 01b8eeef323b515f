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
    typealias Element = ChatChunk

    let body: HTTPClientResponse.Body
    let translator: Translator

    func makeAsyncIterator() -> Iterator {
        Iterator(bytes: body.makeAsyncIterator(), translator: translator)
    }

    struct Iterator: AsyncIteratorProtocol {
        var bytes: HTTPClientResponse.Body.AsyncIterator
        var translator: Translator
        var parser = SSEParser()
        var ready: [ChatChunk] = []
        var events: [[UInt8]] = []
        var isDone = false

        mutating func next() async throws -> ChatChunk? {
            while true {
                if !ready.isEmpty { return ready.removeFirst() }
                if isDone { return nil }
                if let data = events.first {
                    events.removeFirst()
                    guard let event = try? JSONValue(parsing: data) else {
                        throw GatewayError(
                            .upstreamFailed,
                            "The provider \(translator.providerName) sent a stream event Flourish could not read.",
                            reason: "provider_bad_response")
                    }
                    ready = try translator.chunks(for: event)
                    isDone = translator.isFinished
                    continue
                }
                guard let buffer = try await bytes.next() else {
                    if let last = parser.finish() {
                        events.append(last)
                        continue
                    }
                    isDone = true
                    ready = try translator.end()
                    continue
                }
                events += parser.consume(buffer.readableBytesView)
            }
        }
    }
}
