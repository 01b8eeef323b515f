import AsyncHTTPClient
import FlourishAPI
import Logging

/// Serves the anthropic family through Anthropic's own Messages API.
package struct AnthropicProvider: ChatProvider {
    /// The API version every request names.
    static let apiVersion = "2023-06-01"

    private let exchange: UpstreamExchange
    package var settings: ProviderSettings { exchange.settings }

    package init(settings: ProviderSettings, httpClient: HTTPClient, timeouts: UpstreamTimeouts) {
        exchange = UpstreamExchange(settings: settings, httpClient: httpClient, timeouts: timeouts)
    }

    package func complete(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatCompletion {
        let message = try await exchange.json(from: try await send(call, logger: logger))
        return try AnthropicResponse.completion(message, providerName: settings.name)
    }

    package func stream(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatChunkStream {
        TranslatedChunkSequence(
            body: try await send(call, logger: logger).body,
            translator: AnthropicStreamTranslator(providerName: settings.name))
    }

    private func send(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> HTTPClientResponse {
        var headers = [("anthropic-version", Self.apiVersion)]
        if let apiKey = settings.apiKey { headers.append(("x-api-key", apiKey)) }
        return try await exchange.post(
            settings.baseURL + "/v1/messages", headers: headers, body: try AnthropicRequest.body(for: call),
            logger: logger)
    }
}
