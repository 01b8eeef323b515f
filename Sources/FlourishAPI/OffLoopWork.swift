import Dispatch

/// CPU-heavy work (a large request body, loading the embedding table, scanning vectors, indexing a file) moved
/// to a dispatch queue. Swift tasks run on the server's event loops, so work that takes milliseconds there would
/// hold up every connection that loop serves.
package enum OffLoopWork {
    /// Input bytes above which parsing or screening it takes about a millisecond, worth the hop off the loop.
    package static let threshold = 256 << 10

    /// `work`, run on a dispatch queue.
    package static func run<T: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> T
    ) async throws(Failure) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, Failure>, Never>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Result { () throws(Failure) -> T in try work() })
            }
        }
        return try result.get()
    }

    /// `work` in place when its input of `size` bytes is small, otherwise on a dispatch queue.
    package static func run<T: Sendable, Failure: Error>(
        sized size: Int, _ work: @escaping @Sendable () throws(Failure) -> T
    ) async throws(Failure) -> T {
        size > threshold ? try await run(work) : try work()
    }
}
