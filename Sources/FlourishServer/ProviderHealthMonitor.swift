import Logging
import ServiceLifecycle

/// Re-checks the open-source server every few seconds, so a model server started after the gateway
/// (or stopped) is noticed without a restart; every second while it does not answer.
struct ProviderHealthMonitor: Service {
    let providers: ProviderDirectory
    let interval: Duration
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let answered = await providers.refreshOpenSource(logger: logger)
                try? await Task.sleep(for: answered ? interval : min(interval, .seconds(1)))
            }
        }
    }
}
