import AsyncHTTPClient
import FlourishAPI
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Serves models through any server that speaks OpenAI Chat Completions: OpenAI itself, llama.cpp,
/// vLLM, Ollama, and the OpenAI-compatible endpoints other providers offer.
package struct OpenAICompatibleProvider: ChatProvider {
    private let exchange: UpstreamExchange
    package var settings: ProviderSettings { exchange.settings }

    package init(settings: ProviderSettings, httpClient: HTTPClient, timeouts: UpstreamTimeouts) {
        exchange = UpstreamExchange(settings: settings, httpClient: httpClient, timeouts: timeouts)
    }

    package func complete(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatCompletion {
        try await exchange.decode(ChatCompletion.self, from: try await send(call, logger: logger))
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
            let response = try await exchange.httpClient.execute(request, timeout: timeout, logger: logger)
            guard response.status == .ok else {
                throw exchange.failure.error(status: Int(response.status.code), body: [], retryAfter: nil)
            }
            body = try await response.body.collect(upTo: 1 << 20)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw exchange.failure.error(transport: error)
        }
        let list = try? JSONValue(parsing: body.readableBytesView)
        return list?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    private func send(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> HTTPClientResponse {
        var headers = [("accept", call.request.isStreaming ? "text/event-stream" : "application/json")]
        if let apiKey = settings.apiKey { headers.append(("authorization", "Bearer \(apiKey)")) }
        return try await exchange.post(
            settings.baseURL + "/chat/completions", headers: headers, bytes: UpstreamRequestBody(call: call).bytes,
            logger: logger)
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
