import Configuration
import FlourishProviders
import Foundation
import Logging

/// Everything the gateway reads from its environment, read once at start.
///
/// Configuration keys (environment form in CONTRACT.md): `flourish.host`, `flourish.port`, `flourish.dataDir`,
/// `flourish.databaseURL`, `flourish.models`, `flourish.maxBodyBytes`, `flourish.issuer`, `flourish.logLevel`,
/// `flourish.upstreamTimeoutSeconds`, `flourish.upstreamReadTimeoutSeconds`, `flourish.streamHeartbeatSeconds`,
/// `flourish.healthCheckIntervalSeconds`, `flourish.embeddings`, `flourish.safetyPolicy`,
/// `flourish.testing.tokenLifetimeSeconds`, and the provider scopes `openai`, `anthropic`, `gemini`, `openSource`.
package struct GatewayConfiguration: Sendable {
    package var host: String
    package var port: Int
    package var dataDir: String
    package var databaseURL: String?
    /// Catalog file replacing the built-in one.
    package var modelsPath: String?
    package var maxBodyBytes: Int
    /// The `iss` of issued tokens.
    package var issuer: String
    /// Access-token lifetime; 3600 s unless a test shortens it.
    package var tokenLifetime: Int
    package var logLevel: Logger.Level
    /// Longest wait for an upstream's response head.
    package var upstreamTimeoutSeconds: Int
    /// Longest silence inside a streamed upstream body; above a reasoning model's thinking pause.
    package var upstreamReadTimeoutSeconds: Int
    /// Silence in a streamed answer after which the client gets an SSE comment (`streamHeartbeatSeconds`): nil
    /// when 0, negative or not a number, and kept between 50 ms (less would flood the client) and a day.
    package var streamHeartbeat: Duration?
    /// How often the open-source server is asked what it serves.
    package var healthCheckIntervalSeconds: Int
    package var upstreams: UpstreamConfiguration
    /// The directory of the static embedding table grounded retrieval uses (`scripts/embedding-model install`).
    package var embeddingsPath: String
    /// An operator's safety policy file, laid over the built-in policies (`SafetySettings`).
    package var safetyPolicyPath: String?

    package init(reader: ConfigReader) {
        let flourish = reader.scoped(to: "flourish")
        host = flourish.string(forKey: "host", default: "127.0.0.1")
        port = flourish.int(forKey: "port", default: 8080)
        dataDir = flourish.string(forKey: "dataDir", default: "./.flourish")
        databaseURL = flourish.string(forKey: "databaseURL", isSecret: true)
        modelsPath = flourish.string(forKey: "models")
        maxBodyBytes = flourish.int(forKey: "maxBodyBytes", default: 16 << 20)
        issuer = flourish.string(forKey: "issuer", default: "flourish")
        tokenLifetime = flourish.int(forKey: "testing.tokenLifetimeSeconds", default: 3600)
        logLevel = flourish.string(forKey: "logLevel", as: Logger.Level.self, default: .info)
        upstreamTimeoutSeconds = flourish.int(forKey: "upstreamTimeoutSeconds", default: 600)
        upstreamReadTimeoutSeconds = flourish.int(forKey: "upstreamReadTimeoutSeconds", default: 300)
        let heartbeatSeconds = flourish.double(forKey: "streamHeartbeatSeconds", default: 15)
        streamHeartbeat =
            heartbeatSeconds.isFinite && heartbeatSeconds > 0
            ? .milliseconds(Int64(min(max(heartbeatSeconds, 0.05), 86_400) * 1000)) : nil
        healthCheckIntervalSeconds = flourish.int(forKey: "healthCheckIntervalSeconds", default: 5)
        upstreams = UpstreamConfiguration(reader: reader)
        embeddingsPath = flourish.string(
            forKey: "embeddings",
            default: FileManager.default.homeDirectoryForCurrentUser
                .appendingPathComponent(".cache/flourish/embedding-model/minilm-static-256").path)
        safetyPolicyPath = flourish.string(forKey: "safetyPolicy")
    }
}

/// The four upstreams' settings.
package struct UpstreamConfiguration: Sendable {
    package var openAI: ProviderSettings
    package var anthropic: ProviderSettings
    package var gemini: ProviderSettings
    package var openSource: ProviderSettings

    package init(reader: ConfigReader) {
        openAI = .openAI(reader: reader.scoped(to: "openai"))
        anthropic = .anthropic(reader: reader.scoped(to: "anthropic"))
        gemini = .gemini(reader: reader.scoped(to: "gemini"))
        openSource = .openSource(reader: reader.scoped(to: "openSource"))
    }
}
