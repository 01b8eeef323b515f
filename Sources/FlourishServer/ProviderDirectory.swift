import AsyncHTTPClient
import FlourishAPI
import FlourishProviders
import FlourishRouting
import Logging
import NIOCore
import Synchronization

/// The provider adapter for each catalog provider, and which catalog models can be served right now.
///
/// A cloud provider can serve its models when its key is set. The open-source server can serve the
/// models it lists at `GET /models`, checked at start and every few seconds by `ProviderHealthMonitor`.
package final class ProviderDirectory: Sendable {
    private let providers: [ProviderID: any ChatProvider]
    /// The open-source server, asked what it serves.
    private let openSource: OpenAICompatibleProvider?
    private let catalog: Catalog
    /// What the open-source server last said it serves (nil: not known to serve anything), and the failed
    /// checks since.
    private let openSourceModels: Mutex<(models: Set<String>?, misses: Int)>
    private let available: Mutex<Set<String>>
    /// Providers that keep failing are left out of routing plans for a while.
    package let breakers: ProviderBreakers

    package init(
        providers: [ProviderID: any ChatProvider], openSource: OpenAICompatibleProvider?, catalog: Catalog
    ) {
        self.providers = providers
        self.openSource = openSource
        self.catalog = catalog
        self.openSourceModels = Mutex((nil, 0))
        self.available = Mutex([])
        self.breakers = ProviderBreakers(settings: catalog.policy.circuitBreaker)
        recomputeAvailability()
    }

    /// Adapters for the configured upstreams: OpenAI-compatible for openai and open source, and the native
    /// Anthropic Messages and Gemini APIs.
    package convenience init(
        settings: UpstreamConfiguration, catalog: Catalog, httpClient: HTTPClient, timeouts: UpstreamTimeouts
    ) {
        func adapter(_ settings: ProviderSettings) -> OpenAICompatibleProvider {
            OpenAICompatibleProvider(settings: settings, httpClient: httpClient, timeouts: timeouts)
        }
        let openSource = adapter(settings.openSource)
        self.init(
            providers: [
                .openai: adapter(settings.openAI),
                .anthropic: AnthropicProvider(settings: settings.anthropic, httpClient: httpClient, timeouts: timeouts),
                .google: GeminiProvider(settings: settings.gemini, httpClient: httpClient, timeouts: timeouts),
                .openSource: openSource,
            ], openSource: openSource, catalog: catalog)
    }

    /// The adapter for a model's provider, when it can serve the model.
    /// - Throws: 503 naming the variable to set, or saying what the open-source server serves instead.
    package func provider(for model: CatalogModel) throws(GatewayError) -> any ChatProvider {
        guard let provider = providers[model.provider] else {
            throw GatewayError(.providerUnavailable, "No adapter serves the provider \(model.provider.rawValue).")
        }
        guard provider.settings.isConfigured else {
            throw GatewayError(
                .providerUnavailable,
                "The provider \(provider.settings.name) is not configured on this gateway. The operator should set \(provider.settings.apiKeyVariable).",
                reason: "provider_not_configured")
        }
        if model.provider == .openSource, let served = openSourceModels.withLock({ $0.models }),
            !served.contains(model.upstreamModel)
        {
            let list = served.isEmpty ? "no models" : served.sorted().joined(separator: ", ")
            throw GatewayError(
                .providerUnavailable,
                "The open-source server at \(provider.settings.baseURL) does not serve \(model.upstreamModel) (it serves \(list)). Choose an available model from GET /ai/v2/models, or map the catalog to the server's models with FLOURISH_MODELS.",
                reason: "model_not_served")
        }
        return provider
    }

    /// Ids of the catalog models that can be served now.
    package var availableModelIDs: Set<String> {
        available.withLock { $0 }
    }

    /// Ids of the models auto and family routing may plan: available, and not behind an open circuit breaker.
    package var routableModelIDs: Set<String> {
        let ids = availableModelIDs
        let skipped = breakers.skippedProviders()
        guard !skipped.isEmpty else { return ids }
        return ids.filter { id in catalog.model(named: id).map { !skipped.contains($0.provider) } ?? false }
    }

    /// Asks the open-source server what it serves. A server that stops answering keeps its last list for
    /// `missesTolerated` more checks (a busy model server can miss one), then serves nothing.
    /// - Returns: whether the server answered.
    @discardableResult
    package func refreshOpenSource(logger: Logger) async -> Bool {
        guard let provider = openSource, provider.settings.isConfigured else { return true }
        let answer = try? Set(await provider.listModels(timeout: .seconds(2), logger: logger))
        let (previous, current) = openSourceModels.withLock { state in
            let previous = state.models
            if let answer {
                state = (answer, 0)
            } else if state.misses < Self.missesTolerated, state.models != nil {
                state.misses += 1
            } else {
                state = (nil, state.misses + 1)
            }
            return (previous, state.models)
        }
        if previous != current {
            if let current {
                logger.info(
                    "Open-source server answers",
                    metadata: ["provider": "\(provider.settings.name)", "models": "\(current.sorted())"])
            } else {
                logger.info("Open-source server does not answer", metadata: ["url": "\(provider.settings.baseURL)"])
            }
        }
        recomputeAvailability()
        return answer != nil
    }

    /// Failed checks in a row after which the open-source server's models count as unavailable.
    static let missesTolerated = 2

    private func recomputeAvailability() {
        let served = openSourceModels.withLock { $0.models } ?? []
        let ids = catalog.models.filter { model in
            guard let provider = providers[model.provider], provider.settings.isConfigured else { return false }
            return model.provider != .openSource || served.contains(model.upstreamModel)
        }.map(\.id)
        available.withLock { $0 = Set(ids) }
    }
}
