import AsyncHTTPClient
import FlourishAPI
import FlourishProviders
import FlourishRouting

/// The provider adapter for each catalog provider, built once at start.
package struct ProviderDirectory: Sendable {
    private let providers: [ProviderID: any ChatProvider]

    package init(providers: [ProviderID: any ChatProvider]) {
        self.providers = providers
    }

    /// Adapters for the configured upstreams.
    ///
    /// Anthropic and Gemini are reached through their OpenAI-compatible endpoints (`/v1/chat/completions`,
    /// `/v1beta/openai/chat/completions`), which accept the same bearer key as their native APIs.
    package init(settings: UpstreamConfiguration, httpClient: HTTPClient, timeouts: UpstreamTimeouts) {
        func adapter(_ settings: ProviderSettings, path: String = "") -> any ChatProvider {
            var endpoint = settings
            endpoint.baseURL += path
            return OpenAICompatibleProvider(settings: endpoint, httpClient: httpClient, timeouts: timeouts)
        }
        self.init(providers: [
            .openai: adapter(settings.openAI),
            .anthropic: adapter(settings.anthropic, path: "/v1"),
            .google: adapter(settings.gemini, path: "/v1beta/openai"),
            .openSource: adapter(settings.openSource),
        ])
    }

    /// The adapter for a provider, when it is configured.
    /// - Throws: 503 naming the variable to set.
    package func provider(for id: ProviderID) throws(GatewayError) -> any ChatProvider {
        guard let provider = providers[id] else {
            throw GatewayError(.providerUnavailable, "No adapter serves the provider \(id.rawValue).")
        }
        guard provider.settings.isConfigured else {
            throw GatewayError(
                .providerUnavailable,
                "The provider \(provider.settings.name) is not configured on this gateway. The operator should set \(provider.settings.apiKeyVariable).",
                reason: "provider_not_configured")
        }
        return provider
    }

    /// Whether requests to this provider can be sent.
    package func isConfigured(_ id: ProviderID) -> Bool {
        providers[id]?.settings.isConfigured ?? false
    }
}
