import FlourishAuth
import FlourishStore
import Logging
import ServiceLifecycle

/// Reloads revocations and rotations from the store twice a second, so a client revoked by
/// `flourish clients revoke` in another process stops working here within half a second.
struct RevocationRefresher: Service {
    let store: any ClientStore
    let revocations: RevocationList
    let logger: Logger

    func run() async {
        // Ends quietly on shutdown: cancellation stops the sleep and the loop.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    revocations.merge(try await store.credentialStates())
                } catch {
                    logger.warning("Cannot reload revocations", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
