import ArgumentParser
import Configuration
import FlourishServer
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the gateway.")

    @OptionGroup var environment: EnvironmentOptions

    @Option(help: "Listen address (FLOURISH_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Listen port (FLOURISH_PORT, default 8080).")
    var port: Int?

    func run() async throws {
        var extra: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { extra["flourish.host"] = .init(.string(host), isSecret: false) }
        if let port { extra["flourish.port"] = .init(.int(port), isSecret: false) }
        let configuration = environment.configuration(extra: extra)
        let logger = Logger(label: "flourish") { LineLogHandler(label: $0, level: configuration.logLevel) }

        let state = try GatewayState.open(configuration: configuration)
        let httpClient = HTTPClientService(configuration: configuration)
        let app: any ApplicationProtocol
        do {
            app = try await buildApplication(
                configuration: configuration, state: state, httpClient: httpClient.client, metrics: GatewayMetrics(),
                logger: logger, services: [httpClient])
        } catch {
            try await httpClient.shutdown()
            throw error
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Open streams get this long to finish after a shutdown signal before they are cut.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(30)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}
