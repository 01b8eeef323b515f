import AsyncHTTPClient
import FlourishAPI
import FlourishProviders
import FlourishTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// The native providers over real HTTP: paths, auth headers, and error statuses.
@Suite struct NativeProviderHTTPTests {
    final class Recorder: Sendable {
        let requests = Mutex<[(path: String, headers: HTTPFields)]>([])
    }

    private func withServer(
        _ body: @Sendable (Int, Recorder) async throws -> Void
    ) async throws {
        let recorder = Recorder()
        let router = Router()
        let answer: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            recorder.requests.withLock { $0.append((request.uri.path, request.headers)) }
            var request = request
            let sent = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let text: String
            let status: HTTPResponse.Status
            if sent.contains("overloaded") {
                (status, text) = (
                    .init(code: 529), #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
                )
            } else if request.uri.path.contains("exhausted") {
                (status, text) = (
                    .tooManyRequests,
                    #"{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}"#
                )
            } else if request.uri.path.hasPrefix("/v1/messages") {
                (status, text) = (
                    .ok,
                    #"{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hello!"}],"model":"claude","stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}}"#
                )
            } else {
                (status, text) = (
                    .ok,
                    #"{"candidates":[{"content":{"parts":[{"text":"Hello!"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2}}"#
                )
            }
            return Response(
                status: status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("/v1/messages", use: answer)
        router.post("/v1beta/models/{method}", use: answer)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(client.port ?? 0, recorder)
        }
    }

    private func call(_ model: String) throws -> ProviderCall {
        ProviderCall(
            request: try ChatRequest(bytes: Array(#"{"model":"m","messages":[{"role":"user","content":"Hi"}]}"#.utf8)),
            upstreamModel: model, usesReasoningParameters: false)
    }

    private func settings(_ port: Int, variable: String) -> ProviderSettings {
        ProviderSettings(
            name: "test", baseURL: "http://127.0.0.1:\(port)", apiKey: "secret-key", isKeyOptional: false,
            apiKeyVariable: variable, baseURLVariable: "X")
    }

    @Test func anthropicSendsItsKeyAndVersion() async throws {
        try await withServer { port, recorder in
            try await withUpstreamClient { http in
                let provider = AnthropicProvider(
                    settings: settings(port, variable: "ANTHROPIC_API_KEY"), httpClient: http, timeouts: .init())
                let completion = try await provider.complete(try call("claude"), logger: Logger(label: "t"))
                #expect(completion.choices.first?.message.content == "Hello!")
                let headers = try #require(recorder.requests.withLock { $0.last?.headers })
                #expect(headers[HTTPField.Name("x-api-key")!] == "secret-key")
                #expect(headers[HTTPField.Name("anthropic-version")!] == "2023-06-01")
                #expect(headers[.authorization] == nil)
            }
        }
    }

    @Test func geminiSendsItsKeyToTheModelPath() async throws {
        try await withServer { port, recorder in
            try await withUpstreamClient { http in
                let provider = GeminiProvider(
                    settings: settings(port, variable: "GEMINI_API_KEY"), httpClient: http, timeouts: .init())
                let completion = try await provider.complete(try call("gemini-2.5-flash"), logger: Logger(label: "t"))
                #expect(completion.choices.first?.message.content == "Hello!")
                let request = try #require(recorder.requests.withLock { $0.last })
                #expect(request.path == "/v1beta/models/gemini-2.5-flash:generateContent")
                #expect(request.headers[HTTPField.Name("x-goog-api-key")!] == "secret-key")
            }
        }
    }

    @Test func overloadedAndExhaustedAreRetryable() async throws {
        try await withServer { port, _ in
            try await withUpstreamClient { http in
                await #expect {
                    _ = try await AnthropicProvider(
                        settings: settings(port, variable: "A"), httpClient: http, timeouts: .init()
                    )
                    .complete(try call("overloaded"), logger: Logger(label: "t"))
                } throws: { error in
                    (error as? GatewayError)?.code == .providerUnavailable
                }
                await #expect {
                    _ = try await GeminiProvider(
                        settings: settings(port, variable: "G"), httpClient: http, timeouts: .init()
                    )
                    .complete(try call("exhausted"), logger: Logger(label: "t"))
                } throws: { error in
                    let error = error as? GatewayError
                    return error?.code == .rateLimited && error?.message.contains("Resource has been exhausted") == true
                }
            }
        }
    }
}
