import ArgumentParser
import Configuration
import FlourishServer

/// Options every command shares, layered in front of the environment (FLOURISH_*).
struct EnvironmentOptions: ParsableArguments {
    @Option(help: "Data directory (FLOURISH_DATA_DIR, default ./.flourish).")
    var dataDir: String?

    /// The configuration: these options first, then the environment, then defaults.
    func configuration(extra: [AbsoluteConfigKey: ConfigValue] = [:]) -> GatewayConfiguration {
        var values = extra
        if let dataDir { values["flourish.dataDir"] = .init(.string(dataDir), isSecret: false) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "arguments", values: values),
            EnvironmentVariablesProvider(),
        ])
        return GatewayConfiguration(reader: reader)
    }
}
