import AsyncHTTPClient
import FlourishAuth
import FlourishGrounding
import FlourishProviders
import FlourishRouting
import FlourishStore
import FlourishValues
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the gateway: loads the catalog, perspectives and signing key, and wires the routes.
///
/// - Parameters:
///   - httpClient: the shared upstream client; its owner shuts it down.
///   - services: extra services to run beside the server (e.g. the HTTP client's owner).
package func buildApplication(
    configuration: GatewayConfiguration, state: GatewayState, httpClient: HTTPClient, metrics: GatewayMetrics,
    logger: Logger, services: [any Service] = []
) async throws -> some ApplicationProtocol {
    let catalog = try Catalog.load(path: configuration.modelsPath)
    let perspectives = try PerspectiveLibrary.bundled()
    let safety = SafetyGate(
        screen: try SafetyScreen.bundled(protecting: perspectives.texts + [PerspectiveComposer.bridge]),
        settings: try SafetySettings.load(overrides: configuration.safetyPolicyPath.map(URL.init(fileURLWithPath:))))
    let signingKey = try SigningKey.loadOrCreate(in: state.dataDir)
    state.revocations.merge(try await state.store.credentialStates())
    let issuer = await TokenIssuer(
        signingKey: signingKey, issuer: configuration.issuer, lifetime: configuration.tokenLifetime,
        revocations: state.revocations)
    let providers = ProviderDirectory(
        settings: configuration.upstreams, catalog: catalog, httpClient: httpClient,
        timeouts: UpstreamTimeouts(head: .seconds(Int64(configuration.upstreamTimeoutSeconds))))
    await providers.refreshOpenSource(logger: logger)

    let router = Router(context: FlourishRequestContext.self)
    router.add(middleware: RequestTelemetryMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware())
    TokenController(grant: ClientCredentialsGrant(registry: state.registry, issuer: issuer)).addRoutes(to: router)
    ModelsController(catalog: catalog, providers: providers).addRoutes(to: router)
    try DiscoveryController(issuer: issuer, metrics: metrics).addRoutes(to: router)
    let authenticated = BearerAuthMiddleware(issuer: issuer)
    let responder = CompletionResponder(
        router: FlourishRouting.Router(catalog: catalog, classifier: try TierClassifier.bundled()),
        providers: providers, composer: PerspectiveComposer(library: perspectives), safety: safety,
        metrics: metrics,
        relay: StreamRelay(quietInterval: configuration.streamHeartbeat))
    let api = router.group("ai/v2").add(middleware: authenticated)
    ChatCompletionsController(responder: responder, maxBodyBytes: configuration.maxBodyBytes).addRoutes(to: api)

    let grounding = GroundingServices(
        store: state.store, embeddingsPath: configuration.embeddingsPath, logger: logger)
    GroundedCompletionsController(responder: responder, grounding: grounding, maxBodyBytes: configuration.maxBodyBytes)
        .addRoutes(to: api)
    SearchController(grounding: grounding).addRoutes(to: router.group("ai/data/v1").add(middleware: authenticated))
    IngestionController(grounding: grounding, maxBodyBytes: configuration.maxBodyBytes).addRoutes(
        ingestion: router.group("ingestion").add(middleware: authenticated),
        engine: router.group("engine").add(middleware: authenticated))
    AdminController(grounding: grounding).addRoutes(
        to: router.group("admin/v1").add(
            middleware: BearerAuthMiddleware(issuer: issuer, scope: ClientRegistry.adminScope)))
    let worker = IngestionWorker(grounding: grounding, logger: logger)

    let refresher = RevocationRefresher(store: state.store, revocations: state.revocations, logger: logger)
    let monitor = ProviderHealthMonitor(
        providers: providers, interval: .seconds(configuration.healthCheckIntervalSeconds), logger: logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: services + [refresher, monitor, worker],
        onServerRunning: { channel in
            logger.info(
                "Flourish is listening",
                metadata: [
                    "address": "\(channel.localAddress.map { "\($0)" } ?? "?")",
                    "catalog.version": "\(catalog.version)",
                ])
        },
        logger: logger)
}

/// Owns the upstream HTTP client and shuts it down after the server has stopped.
package struct HTTPClientService: Service {
    package let client: HTTPClient

    package init(configuration: GatewayConfiguration) {
        client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .upstream(readTimeout: .seconds(Int64(configuration.upstreamReadTimeoutSeconds))))
    }

    /// Shuts the client down when the server never started.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    package func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
