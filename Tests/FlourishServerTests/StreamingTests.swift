import AsyncHTTPClient
import FlourishAPI
import FlourishAuth
import FlourishServer
import FlourishTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@Suite struct StreamingTests {
    @Test func streamCarriesMetadataOnEveryChunkAndEndsWithDone() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"model_family":"open source","tradition":"mainline","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
                let response = try await client.chat(body, bearer: try await world.bearer(client))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                #expect(response.events.last == "[DONE]")
                let chunks = response.chunks
                #expect(chunks.count == 5)
                #expect(chunks.first?["choices"]?.arrayValue?.first?["delta"]?["role"] == "assistant")
                let ids = Set(chunks.compactMap { $0["id"]?.stringValue })
                #expect(ids.count == 1)
                for chunk in chunks {
                    #expect(chunk["object"] == "chat.completion.chunk")
                    #expect(chunk["model"] == "gloo-test-echo")
                    #expect(chunk["provider"] == "llama.cpp")
                    #expect(chunk["model_family"] == "Open Source")
                    #expect(chunk["routing_mechanism"] == "model_family")
                    #expect(chunk["routing_tier"] == "tier_1")
                    #expect(chunk["tradition"] == "mainline")
                    #expect(chunk["usage"] == nil)
                }
                let text = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }
                    .joined()
                #expect(text == "Hello world")
                #expect(chunks.last?["choices"]?.arrayValue?.first?["finish_reason"] == "stop")
            }
        }
    }

    @Test func usageChunkOnlyWhenAskedFor() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"model":"gloo-test-echo","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"#
                let chunks = try await client.chat(body, bearer: try await world.bearer(client)).chunks
                let last = try #require(chunks.last)
                #expect(last["choices"]?.arrayValue == [])
                #expect(last["usage"]?["total_tokens"] == 13)
                #expect(last["routing_mechanism"] == "direct_model_selection")
            }
        }
    }

    @Test func streamedToolCallDeltasPassThrough() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"model":"gloo-test-tools","stream":true,"tools":[{"type":"function","function":{"name":"get_weather"}}],"messages":[{"role":"user","content":"Paris?"}]}"#
                let chunks = try await client.chat(body, bearer: try await world.bearer(client)).chunks
                let deltas = chunks.flatMap {
                    $0["choices"]?.arrayValue?.first?["delta"]?["tool_calls"]?.arrayValue ?? []
                }
                #expect(deltas.first?["id"] == "call_7")
                #expect(deltas.first?["function"]?["name"] == "get_weather")
                #expect(
                    deltas.compactMap { $0["function"]?["arguments"]?.stringValue }.joined() == #"{"location":"Paris"}"#
                )
                #expect(chunks.last?["choices"]?.arrayValue?.first?["finish_reason"] == "tool_calls")
            }
        }
    }

    @Test func upstreamFailureMidStreamEndsWithAnErrorChunk() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body = #"{"model":"gloo-test-break","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
                let response = try await client.chat(body, bearer: try await world.bearer(client))
                #expect(response.status == .ok)
                #expect(response.events.last == "[DONE]")
                let last = try #require(response.chunks.last)
                #expect(last["choices"]?.arrayValue?.first?["finish_reason"] == "error")
                #expect(last["error"]?["retryable"] == true)
                #expect(last["error"]?["message"]?.stringValue?.isEmpty == false)
                #expect(last["model"] == "gloo-test-break")
            }
        }
    }

    @Test func clientDisconnectCancelsTheUpstreamRequest() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.live) { client in
                try await Self.streamAndLeave(
                    model: "gloo-test-drip", parts: 2, port: client.port, bearer: world.bearer(client))
                // The whole drip takes 20 s; a cancelled upstream notices within a few of its 50 ms ticks.
                #expect(
                    try await Self.becomesTrue(within: .seconds(10)) { world.upstream.dripWasCancelled.withLock { $0 } }
                )
            }
        }
    }

    @Test func aQuietUpstreamGetsHeartbeatsTheClientIgnores() async throws {
        try await GatewayWorld.run(streamHeartbeatSeconds: 0.2) { world, app in
            try await app.test(.router) { client in
                let body = #"{"model":"gloo-test-pause","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
                let response = try await client.chat(body, bearer: try await world.bearer(client))
                let text = String(buffer: response.body)
                #expect(text.contains("\n\n: keep-alive\n\n"))
                #expect(text.hasPrefix("data: "))
                let content = response.chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }
                #expect(content.joined() == "After the pause.")
                #expect(response.events.last == "[DONE]")
            }
        }
    }

    @Test func aClientThatLeavesDuringASilenceEndsTheUpstreamRequest() async throws {
        try await GatewayWorld.run(streamHeartbeatSeconds: 0.1) { world, app in
            try await app.test(.live) { client in
                try await Self.streamAndLeave(
                    model: "gloo-test-pause", parts: 1, port: client.port, bearer: world.bearer(client))
                // The upstream thinks for 3 s; heartbeats every 0.1 s find the closed connection well before that.
                #expect(
                    try await Self.becomesTrue(within: .seconds(2)) { world.upstream.pauseWasCancelled.withLock { $0 } }
                )
            }
        }
    }

    /// Starts a stream over a real connection, reads `parts` body parts and leaves.
    private static func streamAndLeave(model: String, parts: Int, port: Int?, bearer: String) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port ?? 0)/ai/v2/chat/completions")
        request.method = .POST
        request.headers.add(name: "authorization", value: bearer)
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(
            ByteBuffer(string: #"{"model":"\#(model)","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#))
        let reader = Task {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            var iterator = response.body.makeAsyncIterator()
            for _ in 0..<parts { _ = try await iterator.next() }
        }
        _ = try? await reader.value
    }

    /// Whether `condition` holds before `limit` passes, checked every 20 ms.
    private static func becomesTrue(within limit: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
