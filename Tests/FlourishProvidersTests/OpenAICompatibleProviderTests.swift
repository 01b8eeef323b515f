import AsyncHTTPClient
import FlourishAPI
import FlourishProviders
import FlourishTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

@Suite struct OpenAICompatibleProviderTests {
    let logger = Logger(label: "test")

    private func call(
        model: String, body: String = #"{"model":"gloo-x","messages":[{"role":"user","content":"Hi"}]}"#,
        reasoning: Bool = false
    ) throws -> ProviderCall {
        ProviderCall(
            request: try ChatRequest(bytes: Array(body.utf8)), upstreamModel: model, usesReasoningParameters: reasoning)
    }

    private func withProvider(
        apiKey: String? = "sk-test", head: TimeAmount = .seconds(30),
        _ body: @Sendable (OpenAICompatibleProvider, FakeUpstream) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        try await upstream.application().test(.live) { client in
            let port = try #require(client.port)
            let settings = ProviderSettings(
                name: "test-upstream", baseURL: "http://127.0.0.1:\(port)/v1", apiKey: apiKey, isKeyOptional: true,
                apiKeyVariable: "TEST_API_KEY", baseURLVariable: "TEST_BASE_URL")
            try await withUpstreamClient { httpClient in
                let provider = OpenAICompatibleProvider(
                    settings: settings, httpClient: httpClient, timeouts: UpstreamTimeouts(head: head))
                try await body(provider, upstream)
            }
        }
    }

    @Test func completesAndForwardsUnknownFieldsWithoutGloosOwn() async throws {
        try await withProvider { provider, upstream in
            let body =
                #"{"model":"gloo-x","tradition":"catholic","auto_routing":false,"seed":42,"messages":[{"role":"user","content":"Hi"}]}"#
            let completion = try await provider.complete(try call(model: "echo", body: body), logger: logger)
            #expect(completion.choices.first?.message.content == "echo: Hi")
            #expect(completion.usage?.totalTokens == 15)
            let sent = try #require(upstream.lastRequest)
            #expect(sent["model"] == "echo")
            #expect(sent["seed"] == 42)
            #expect(sent["tradition"] == nil)
            #expect(sent["auto_routing"] == nil)
        }
    }

    @Test func reasoningModelsGetMaxCompletionTokensAndDefaultSampling() async throws {
        try await withProvider { provider, upstream in
            let body =
                #"{"model":"gloo-x","max_tokens":500,"temperature":0.7,"top_p":0.9,"messages":[{"role":"user","content":"Hi"}]}"#
            _ = try await provider.complete(try call(model: "echo", body: body, reasoning: true), logger: logger)
            let sent = try #require(upstream.lastRequest)
            #expect(sent["max_completion_tokens"] == 500)
            #expect(sent["max_tokens"] == nil)
            #expect(sent["temperature"] == nil)
            #expect(sent["top_p"] == nil)
        }
    }

    @Test func nonReasoningModelsKeepTheirParameters() async throws {
        try await withProvider { provider, upstream in
            let body =
                #"{"model":"gloo-x","max_tokens":500,"temperature":0.7,"messages":[{"role":"user","content":"Hi"}]}"#
            _ = try await provider.complete(try call(model: "echo", body: body), logger: logger)
            #expect(upstream.lastRequest?["max_tokens"] == 500)
            #expect(upstream.lastRequest?["temperature"] == 0.7)
        }
    }

    @Test func streamsChunksAndAlwaysAsksForUsage() async throws {
        try await withProvider { provider, upstream in
            let body = #"{"model":"gloo-x","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
            var text = ""
            var finish: String?
            var usage: Usage?
            for try await batch in try await provider.stream(try call(model: "echo", body: body), logger: logger) {
                #expect(!batch.isEmpty)
                for chunk in batch {
                    text += chunk.choices.first?.delta.content ?? ""
                    finish = chunk.choices.first?.finishReason ?? finish
                    usage = chunk.usage ?? usage
                }
            }
            #expect(text == "Hello world")
            #expect(finish == "stop")
            #expect(usage?.completionTokens == 3)
            #expect(upstream.lastRequest?["stream_options"]?["include_usage"] == true)
        }
    }

    @Test func streamsToolCallDeltas() async throws {
        try await withProvider { provider, _ in
            let body =
                #"{"model":"gloo-x","stream":true,"tools":[{"type":"function","function":{"name":"get_weather"}}],"messages":[{"role":"user","content":"Hi"}]}"#
            var arguments = ""
            var name: String?
            for try await batch in try await provider.stream(try call(model: "tools", body: body), logger: logger) {
                for delta in batch.flatMap({ $0.choices.first?.delta.toolCalls ?? [] }) {
                    name = delta.function?.name ?? name
                    arguments += delta.function?.arguments ?? ""
                }
            }
            #expect(name == "get_weather")
            #expect(arguments == #"{"location":"Paris"}"#)
        }
    }

    @Test(arguments: [
        ("error-400", GatewayError.Code.upstreamRejected, "Invalid value for 'temperature'."),
        ("error-401", .upstreamFailed, "TEST_API_KEY"),
        ("error-429", .rateLimited, "Rate limit reached."),
        ("error-500", .upstreamFailed, "The server had an error."),
    ])
    func mapsUpstreamErrorStatuses(model: String, code: GatewayError.Code, messagePart: String) async throws {
        try await withProvider { provider, _ in
            do {
                _ = try await provider.complete(try call(model: model), logger: logger)
                Issue.record("expected an error")
            } catch let error as GatewayError {
                #expect(error.code == code)
                #expect(error.message.contains(messagePart))
                if model == "error-429" { #expect(error.retryAfter == 7) }
                if model == "error-400" { #expect(error.upstreamStatus == 400) }
            }
        }
    }

    @Test func headTimeoutIsATimeout() async throws {
        try await withProvider(head: .milliseconds(200)) { provider, _ in
            await #expect {
                _ = try await provider.complete(try call(model: "slow"), logger: logger)
            } throws: { error in
                (error as? GatewayError)?.code == .upstreamTimeout
            }
        }
    }

    @Test func brokenStreamThrowsFromTheSequence() async throws {
        for model in ["stream-break", "stream-error-event"] {
            try await withProvider { provider, _ in
                let body = #"{"model":"gloo-x","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
                let chunks = try await provider.stream(try call(model: model, body: body), logger: logger)
                var received = 0
                await #expect(throws: (any Error).self) {
                    for try await batch in chunks { received += batch.count }
                }
                #expect(received == 1, "\(model)")
            }
        }
    }

    @Test func refusedConnectionIsUnavailableAndNamesTheVariable() async throws {
        let settings = ProviderSettings(
            name: "local", baseURL: "http://127.0.0.1:9/v1", apiKey: nil, isKeyOptional: true,
            apiKeyVariable: "OPEN_SOURCE_API_KEY", baseURLVariable: "OPEN_SOURCE_BASE_URL")
        try await withUpstreamClient { httpClient in
            let provider = OpenAICompatibleProvider(
                settings: settings, httpClient: httpClient, timeouts: UpstreamTimeouts(head: .seconds(20)))
            await #expect {
                _ = try await provider.complete(try call(model: "echo"), logger: logger)
            } throws: { error in
                let error = error as? GatewayError
                return error?.code == .providerUnavailable && error?.message.contains("OPEN_SOURCE_BASE_URL") == true
            }
        }
    }
}
