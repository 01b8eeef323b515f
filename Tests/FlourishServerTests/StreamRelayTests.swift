import Configuration
import FlourishAPI
import Synchronization
import Testing

@testable import FlourishServer

@Suite struct StreamRelayTests {
    private static func batch(_ text: String) -> [ChatChunk] {
        [ChatChunk(id: "up", created: 0, model: "m", choices: [.init(index: 0, delta: .init(content: text))])]
    }

    @Test func aCancelledRelayThrowsInsteadOfEndingNormally() async throws {
        let (chunks, upstream) = AsyncThrowingStream.makeStream(of: [ChatChunk].self)
        upstream.yield(Self.batch("Hel"))
        let relay = StreamRelay(quietInterval: .seconds(30))
        let received = Mutex(0)
        let run = Task {
            try await relay.run(chunks) { _ in
                received.withLock { $0 += 1 }
                return .next
            }
        }
        while received.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        upstream.finish()
    }

    @Test func theUpstreamIsReadNoFasterThanTheRelayHandlesIt() async throws {
        // A fast upstream of 200 batches, made as the relay pulls them.
        let produced = Mutex(0)
        let counted = AsyncThrowingStream<[ChatChunk], any Error> {
            let index = produced.withLock { count in
                count += 1
                return count
            }
            return index <= 200 ? Self.batch("\(index)") : nil
        }
        let relay = StreamRelay(quietInterval: .seconds(30))
        var handled = 0
        var mostAhead = 0
        try await relay.run(counted) { event in
            guard case .chunks = event else { return .next }
            handled += 1
            try await Task.sleep(for: .milliseconds(1))
            mostAhead = max(mostAhead, produced.withLock { $0 } - handled)
            return .next
        }
        #expect(handled == 200)
        // The reader may hold one batch while it waits to hand it over, never a backlog.
        #expect(mostAhead <= 2)
    }

    @Test(arguments: [
        (15.0, Duration?.some(.seconds(15))), (0.001, .milliseconds(50)), (0, nil), (-3, nil), (.infinity, nil),
        (1e12, .seconds(86_400)),
    ])
    func heartbeatSettingsAreKeptSane(seconds: Double, expected: Duration?) {
        let configuration = GatewayConfiguration(
            reader: ConfigReader(
                provider: InMemoryProvider(values: [
                    "flourish.streamHeartbeatSeconds": .init(.double(seconds), isSecret: false)
                ])))
        #expect(configuration.streamHeartbeat == expected)
    }
}
