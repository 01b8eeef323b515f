import FlourishGrounding
import FlourishStore
import Foundation
import Logging
import ServiceLifecycle

/// Indexes queued items in the background, one at a time, and picks up what a stopped gateway left half
/// done once its lease expires.
/// It loads the embedding table only once there is something to index.
struct IngestionWorker: Service {
    let grounding: GroundingServices
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await grounding.store.hasWaitingItem(now: Date()),
                        try await grounding.ingestor().indexNext()
                    {
                        continue
                    }
                } catch {
                    logger.warning("Ingestion failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
