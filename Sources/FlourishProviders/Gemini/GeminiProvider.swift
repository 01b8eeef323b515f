import AsyncHTTPClient
import FlourishAPI
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Serves the google family through the Gemini API (`/v1beta/models/{model}:generateContent`).
package struct GeminiProvider: ChatProvider {
    package let settings: ProviderSettings
    private let httpClient: HTTPClient
    private let timeouts: UpstreamTimeouts
    private let failure: UpstreamFailure

    package init(settings: ProviderSettings, httpClient: HTTPClient, timeouts: UpstreamTimeouts) {
        self.settings = settings
        self.httpClient = httpClient
        self.timeouts = timeouts
        self.failure = UpstreamFailure(settings: settings)
    }

    package func complete(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatCompletion {
        let response = try await send(call, method: "generateContent", logger: logger)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: timeouts.maxResponseBytes)
        } catch {
            throw failure.error(transport: error)
        }
        guard let json = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body.readableBytesView)) else {
            throw GatewayError(
                .upstreamFailed, "The provider \(settings.name) returned a response Flourish could not read.",
                reason: "provider_bad_response")
        }
        return try GeminiResponse.completion(json, providerName: settings.name)
    }

    package func stream(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatChunkStream {
        let response = try await send(call, method: "streamGenerateContent?alt=sse", logger: logger)
        return GeminiChunkSequence(body: response.body, providerName: settings.name)
    }

    private func send(_ call: ProviderCall, method: String, logger: Logger) async throws(GatewayError)
        -> HTTPClientResponse
    {
        let model =
            call.upstreamModel.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? call.upstreamModel
        var request = HTTPClientRequest(url: "\(settings.baseURL)/v1beta/models/\(model):\(method)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if let apiKey = settings.apiKey {
            request.headers.add(name: "x-goog-api-key", value: apiKey)
        }
        let body = try GeminiRequest.body(for: call)
        do {
            request.body = .bytes(ByteBuffer(bytes: try JSONCoding.encode(body)))
        } catch {
            throw GatewayError(.internalError, "The upstream request could not be encoded.", underlying: error)
        }
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeouts.head, logger: logger)
        } catch {
            throw failure.error(transport: error)
        }
        guard (200..<300).contains(response.status.code) else {
            let bytes = (try? await response.body.collect(upTo: 1 << 20)).map { Array(buffer: $0) } ?? []
            throw failure.error(
                status: Int(response.status.code), body: bytes, retryAfter: response.headers.first(name: "retry-after"))
        }
        return response
    }
}

/// Parses Gemini's SSE body (one `GenerateContentResponse` per event) into OpenAI chunks.
struct GeminiChunkSequence: AsyncSequence, Sendable {
    typealias Element = ChatChunk

    let body: HTTPClientResponse.Body
    let providerName: String

    func makeAsyncIterator() -> Iterator {
        Iterator(bytes: body.makeAsyncIterator(), translator: GeminiStreamTranslator(providerName: providerName))
    }

    struct Iterator: AsyncIteratorProtocol {
        var bytes: HTTPClientResponse.Body.AsyncIterator
        var translator: GeminiStreamTranslator
        var parser = SSEParser()
        var ready: [ChatChunk] = []
        var events: [[UInt8]] = []
        var isDone = false

        mutating func next() async throws -> ChatChunk? {
            while true {
                if !ready.isEmpty { return ready.removeFirst() }
                if isDone { return nil }
                if !events.isEmpty {
                    let data = events.removeFirst()
                    guard let event = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(data)) else {
                        throw GatewayError(
                            .upstreamFailed,
                            "The provider \(translator.providerName) sent a stream event Flourish could not read.",
                            reason: "provider_bad_response")
                    }
                    ready = try translator.chunks(for: event)
                    continue
                }
                guard let buffer = try await bytes.next() else {
                    if let last = parser.finish() {
                        events.append(last)
                        continue
                    }
                    // Gemini ends a stream by closing it; a finish reason tells a whole answer from a cut one.
                    guard translator.finishReason != nil else {
                        throw GatewayError(
                            .upstreamFailed,
                            "The provider \(translator.providerName) ended the stream before the answer was complete.",
                            reason: "provider_stream_truncated")
                    }
                    isDone = true
                    if let usage = translator.usageChunk() { ready.append(usage) }
                    continue
                }
                events += parser.consume(buffer.readableBytesView)
            }
        }
    }
}
