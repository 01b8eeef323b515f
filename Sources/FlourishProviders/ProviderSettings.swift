import Configuration

/// Where one upstream lives and how to authenticate to it.
///
/// Configuration keys (under the provider's scope, e.g. `openai`): `baseURL` (string), `apiKey` (string,
/// secret, optional), `name` (string, open-source only: the provider name responses report).
package struct ProviderSettings: Sendable, Equatable {
    package var name: String
    package var baseURL: String
    package var apiKey: String?
    /// Whether a request may be sent without a key (true for self-hosted open-source servers).
    package var isKeyOptional: Bool
    /// Environment variable names, for messages that tell an operator what to set.
    package var apiKeyVariable: String
    package var baseURLVariable: String

    package init(
        name: String, baseURL: String, apiKey: String?, isKeyOptional: Bool, apiKeyVariable: String,
        baseURLVariable: String
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.isKeyOptional = isKeyOptional
        self.apiKeyVariable = apiKeyVariable
        self.baseURLVariable = baseURLVariable
    }

    /// True when requests can be sent: a key is set, or none is needed.
    package var isConfigured: Bool { apiKey != nil || isKeyOptional }

    package static func openAI(reader: ConfigReader) -> ProviderSettings {
        ProviderSettings(
            name: "openai", baseURL: reader.string(forKey: "baseURL", default: "https://api.openai.com/v1"),
            apiKey: reader.string(forKey: "apiKey", isSecret: true), isKeyOptional: false,
            apiKeyVariable: "OPENAI_API_KEY", baseURLVariable: "OPENAI_BASE_URL")
    }

    package static func anthropic(reader: ConfigReader) -> ProviderSettings {
        ProviderSettings(
            name: "anthropic", baseURL: reader.string(forKey: "baseURL", default: "https://api.anthropic.com"),
            apiKey: reader.string(forKey: "apiKey", isSecret: true), isKeyOptional: false,
            apiKeyVariable: "ANTHROPIC_API_KEY", baseURLVariable: "ANTHROPIC_BASE_URL")
    }

    package static func gemini(reader: ConfigReader) -> ProviderSettings {
        ProviderSettings(
            name: "google",
            baseURL: reader.string(forKey: "baseURL", default: "https://generativelanguage.googleapis.com"),
            apiKey: reader.string(forKey: "apiKey", isSecret: true), isKeyOptional: false,
            apiKeyVariable: "GEMINI_API_KEY", baseURLVariable: "GEMINI_BASE_URL")
    }

    package static func openSource(reader: ConfigReader) -> ProviderSettings {
        ProviderSettings(
            name: reader.string(forKey: "name", default: "open-source"),
            baseURL: reader.string(forKey: "baseURL", default: "http://127.0.0.1:8081/v1"),
            apiKey: reader.string(forKey: "apiKey", isSecret: true), isKeyOptional: true,
            apiKeyVariable: "OPEN_SOURCE_API_KEY", baseURLVariable: "OPEN_SOURCE_BASE_URL")
    }
}
