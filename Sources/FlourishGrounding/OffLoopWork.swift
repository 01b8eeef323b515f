import Dispatch

/// Runs CPU-heavy work (loading the embedding table, scanning vectors, indexing a file) on a dispatch queue.
/// Swift tasks run on the server's event loops, so work that takes milliseconds there would hold up every
/// connection that loop serves.
package func computedOffTheEventLoops<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
    }
}
