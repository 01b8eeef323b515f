import AsyncAlgorithms
import FlourishAPI
import FlourishProviders

/// Reads an upstream stream for a streamed answer, and says when it has gone quiet.
///
/// A reasoning model can think for minutes before its first token. Without a write in that time, a proxy in
/// front of Flourish may cut the connection, and a client that left is not noticed, so the upstream keeps
/// generating for nobody. A heartbeat on quiet fixes both: proxies see traffic, and writing to a departed
/// client fails, which ends the relay and cancels the upstream request.
struct StreamRelay: Sendable {
    enum Event: Sendable {
        /// The chunks of one upstream read.
        case chunks([ChatChunk])
        /// No chunk arrived for a whole interval.
        case quiet
        /// The upstream stream broke.
        case failed(any Error)
    }

    enum Step {
        case next, stop
    }

    /// How long the upstream may be silent before `.quiet`; nil for never.
    let quietInterval: Duration?

    /// Calls `handle` with each batch of `chunks` as it arrives, with `.quiet` after each interval in which none
    /// did (after one to two intervals of silence), and once with `.failed` if the upstream breaks. Returns when
    /// the stream ends or `handle` says `.stop`; the upstream read is cancelled then, and when `handle` throws.
    /// - Throws: what `handle` throws, and `CancellationError` when the task is cancelled (a shutdown), so a
    ///   stream cut short never ends as if complete.
    func run(_ chunks: ChatChunkStream, handle: (Event) async throws -> Step) async throws {
        guard let quietInterval else {
            var batches = chunks.makeAsyncIterator()
            while true {
                let batch: [ChatChunk]
                do {
                    guard let next = try await batches.next() else { return }
                    batch = next
                } catch let error as CancellationError {
                    throw error
                } catch {
                    _ = try await handle(.failed(error))
                    return
                }
                if try await handle(.chunks(batch)) == .stop { return }
            }
        }
        enum Signal: Sendable {
            case event(Event)
            /// The upstream stream ended normally.
            case ended
            case tick
        }
        // A channel whose senders wait for the relay: the upstream is read no faster than the client takes the
        // answer, and a stalled client does not pile up chunks or ticks.
        let signals = AsyncChannel<Signal>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await batch in chunks { await signals.send(.event(.chunks(batch))) }
                    await signals.send(.ended)
                } catch is CancellationError {
                } catch {
                    await signals.send(.event(.failed(error)))
                }
                signals.finish()
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: quietInterval)
                    await signals.send(.tick)
                }
            }
            var heardSinceTick = false
            var finished = false
            signals: for await signal in signals {
                switch signal {
                case .tick:
                    if heardSinceTick {
                        heardSinceTick = false
                    } else if try await handle(.quiet) == .stop {
                        finished = true
                        break signals
                    }
                case .ended:
                    finished = true
                    break signals
                case .event(let event):
                    heardSinceTick = true
                    if case .failed = event { finished = true }
                    if try await handle(event) == .stop { finished = true }
                    if finished { break signals }
                }
            }
            group.cancelAll()
            // Ending without the stream's end, a failure or a stop means this task was cancelled (a shutdown cut
            // the stream): the caller must not write the end of a complete answer.
            if !finished { throw CancellationError() }
        }
    }
}
