import Logging
import ServiceLifecycle

/// Re-checks the open-source server every few seconds, so a model server started after the gateway
/// (or stopped) is noticed without a restart.
struct ProviderHealthMonitor: Service {
    let providers: ProviderDirectory
    let interval: Duration
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await providers.refreshOpenSource(logger: logger)
                try? await Task.sleep(for: interval)
            }
        }
    }
}
