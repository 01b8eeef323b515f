import AsyncHTTPClient
import FlourishAPI
import Foundation
import Logging

/// Serves the google family through the Gemini API (`/v1beta/models/{model}:generateContent`).
package struct GeminiProvider: ChatProvider {
    private let exchange: UpstreamExchange
    package var settings: ProviderSettings { exchange.settings }

    package init(settings: ProviderSettings, httpClient: HTTPClient, timeouts: UpstreamTimeouts) {
        exchange = UpstreamExchange(settings: settings, httpClient: httpClient, timeouts: timeouts)
    }

    package func complete(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatCompletion {
        let response = try await send(call, method: "generateContent", logger: logger)
        return try GeminiResponse.completion(
            try await exchange.json(from: response), providerName: settings.name)
    }

    package func stream(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatChunkStream {
        TranslatedChunkSequence(
            body: try await send(call, method: "streamGenerateContent?alt=sse", logger: logger).body,
            translator: GeminiStreamTranslator(providerName: settings.name))
    }

    private func send(_ call: ProviderCall, method: String, logger: Logger) async throws(GatewayError)
        -> HTTPClientResponse
    {
        let model =
            call.upstreamModel.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? call.upstreamModel
        return try await exchange.post(
            "\(settings.baseURL)/v1beta/models/\(model):\(method)",
            headers: settings.apiKey.map { [("x-goog-api-key", $0)] } ?? [],
            body: try GeminiRequest.body(for: call), logger: logger)
    }
}
