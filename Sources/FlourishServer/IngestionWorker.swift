import FlourishGrounding
import Logging
import ServiceLifecycle

/// Indexes queued items in the background, one at a time, and picks up what a stopped gateway left half
/// done once its lease expires.
struct IngestionWorker: Service {
    let ingestor: Ingestor
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await ingestor.indexNext() { continue }
                } catch {
                    logger.warning("Ingestion failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
