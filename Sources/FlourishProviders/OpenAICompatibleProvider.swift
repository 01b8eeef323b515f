import AsyncHTTPClient
import FlourishAPI
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Serves models through any server that speaks OpenAI Chat Completions: OpenAI itself, llama.cpp,
/// vLLM, Ollama, and the OpenAI-compatible endpoints other providers offer.
package struct OpenAICompatibleProvider: ChatProvider {
    package let settings: ProviderSettings
    private let httpClient: HTTPClient
    private let timeouts: UpstreamTimeouts
    private let failure: UpstreamFailure
    private let completionsURL: String

    package init(settings: ProviderSettings, httpClient: HTTPClient, timeouts: UpstreamTimeouts) {
        self.settings = settings
        self.httpClient = httpClient
        self.timeouts = timeouts
        self.failure = UpstreamFailure(settings: settings)
        self.completionsURL = settings.baseURL + "/chat/completions"
    }

    package func complete(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatCompletion {
        let response = try await send(call, logger: logger)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: timeouts.maxResponseBytes)
        } catch {
            throw failure.error(transport: error)
        }
        do {
            return try JSONCoding.decoder.decode(ChatCompletion.self, from: Data(body.readableBytesView))
        } catch {
            throw GatewayError(
                .upstreamFailed, "The provider \(settings.name) returned a response Flourish could not read.",
                reason: "provider_bad_response", underlying: error)
        }
    }

    package func stream(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatChunkStream {
        let response = try await send(call, logger: logger)
        return OpenAIChunkSequence(body: response.body, providerName: settings.name)
    }

    /// The model names the server lists at `GET /models`; how Flourish learns what an open-source server
    /// serves and whether it answers at all.
    package func listModels(timeout: TimeAmount, logger: Logger) async throws(GatewayError) -> [String] {
        var request = HTTPClientRequest(url: settings.baseURL + "/models")
        if let apiKey = settings.apiKey {
            request.headers.add(name: "authorization", value: "Bearer \(apiKey)")
        }
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: timeout, logger: logger)
            guard response.status == .ok else {
                throw failure.error(
                    status: Int(response.status.code), body: [], retryAfter: nil)
            }
            body = try await response.body.collect(upTo: 1 << 20)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw failure.error(transport: error)
        }
        let list = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body.readableBytesView))
        return list?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    /// Sends the request and returns once a 2xx head arrived; any other status becomes a `GatewayError`.
    private func send(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: completionsURL)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: call.request.isStreaming ? "text/event-stream" : "application/json")
        if let apiKey = settings.apiKey {
            request.headers.add(name: "authorization", value: "Bearer \(apiKey)")
        }
        do {
            request.body = .bytes(ByteBuffer(bytes: try JSONCoding.encode(UpstreamRequestBody(call: call))))
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
            let status = Int(response.status.code)
            let body = (try? await response.body.collect(upTo: 1 << 20)).map { Array(buffer: $0) } ?? []
            throw failure.error(status: status, body: body, retryAfter: response.headers.first(name: "retry-after"))
        }
        return response
    }
}

/// Upstream time limits.
package struct UpstreamTimeouts: Sendable {
    /// How long to wait for the response head (the whole answer, for a non-streamed request's first byte).
    package var head: TimeAmount
    /// The largest non-streamed response accepted.
    package var maxResponseBytes: Int

    package init(head: TimeAmount = .seconds(600), maxResponseBytes: Int = 32 << 20) {
        self.head = head
        self.maxResponseBytes = maxResponseBytes
    }
}
