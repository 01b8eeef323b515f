import FlourishAPI
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// An in-process OpenAI-compatible server for tests. The upstream model name in each request picks
/// the behaviour: `echo`, `tools`, `error-400`, `error-401`, `error-429`, `error-500`, `slow`,
/// `stream-break`, `stream-error-event`, `drip` (a chunk every 50 ms, 400 in all), `pause` (a role chunk, 3 s of
/// SSE comments only, then the answer).
package final class FakeUpstream: Sendable {
    /// Request bodies received, in order.
    package let received = Mutex<[JSONValue]>([])
    /// Set when a `drip` stream's client went away before the end.
    package let dripWasCancelled = Mutex(false)
    /// Set when a `pause` stream's client went away during the silence.
    package let pauseWasCancelled = Mutex(false)

    package init() {}

    package var lastRequest: JSONValue? { received.withLock { $0.last } }

    package func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 24)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
            self.received.withLock { $0.append(json) }
            return try await self.respond(to: json)
        }
        router.get("/v1/models") { _, _ -> Response in
            let names = [
                "echo", "tools", "error-400", "error-401", "error-429", "error-500", "slow", "stream-break",
                "stream-error-event", "drip", "leak", "pause",
            ]
            let data = names.map { #"{"id":"\#($0)","object":"model"}"# }.joined(separator: ",")
            return Self.json(#"{"object":"list","data":[\#(data)]}"#, status: .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    private func respond(to json: JSONValue) async throws -> Response {
        let model = json["model"]?.stringValue ?? ""
        let isStreaming = json["stream"]?.boolValue ?? false
        switch model {
        case "error-400":
            return Self.json(
                #"{"error":{"message":"Invalid value for 'temperature'.","type":"invalid_request_error"}}"#,
                status: .badRequest)
        case "error-401":
            return Self.json(#"{"error":{"message":"Incorrect API key provided."}}"#, status: .unauthorized)
        case "error-429":
            var response = Self.json(#"{"error":{"message":"Rate limit reached."}}"#, status: .tooManyRequests)
            response.headers[.retryAfter] = "7"
            return response
        case "error-500":
            return Self.json(#"{"error":{"message":"The server had an error."}}"#, status: .internalServerError)
        case "slow":
            try await Task.sleep(for: .seconds(1))
            return Self.json("{}", status: .ok)
        default:
            let lastUser =
                json["messages"]?.arrayValue?.last(where: { $0["role"] == "user" })?["content"]?.stringValue ?? ""
            return isStreaming
                ? stream(model: model, includeUsage: json["stream_options"]?["include_usage"]?.boolValue ?? false)
                : Self.json(Self.completion(model: model, reply: "echo: \(lastUser)"), status: .ok)
        }
    }

    private static func json(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func completion(model: String, reply: String) -> String {
        if model == "tools" {
            return
                #"{"id":"up-1","object":"chat.completion","created":1,"model":"tools","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}"#
        }
        let content = String(decoding: try! JSONEncoder().encode(reply), as: UTF8.self)
        return
            #"{"id":"up-1","object":"chat.completion","created":1,"model":"\#(model)","system_fingerprint":"fp_x","choices":[{"index":0,"message":{"role":"assistant","content":\#(content)},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"#
    }

    private func stream(model: String, includeUsage: Bool) -> Response {
        let body = ResponseBody { writer in
            func event(_ json: String) async throws {
                try await writer.write(ByteBuffer(string: "data: \(json)\n\n"))
            }
            func chunk(_ delta: String, finish: String? = nil) -> String {
                let reason = finish.map { "\"\($0)\"" } ?? "null"
                return
                    #"{"id":"up-1","object":"chat.completion.chunk","created":1,"model":"\#(model)","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(reason)}]}"#
            }
            switch model {
            case "tools":
                try await event(
                    chunk(
                        #"{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_7","type":"function","function":{"name":"get_weather","arguments":""}}]}"#
                    ))
                try await event(chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"{\"location\":"}}]}"#))
                try await event(chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}"#))
                try await event(chunk("{}", finish: "tool_calls"))
            case "leak":
                // A card number cut across deltas, then more text the screen must not let through.
                for piece in ["Her card ", "is 4111 11", "11 1111 1111", " and that is all."] {
                    try await event(chunk(#"{"content":"\#(piece)"}"#))
                }
                try await event(chunk("{}", finish: "stop"))
            case "stream-break":
                try await event(chunk(#"{"role":"assistant","content":"Hel"}"#))
                try await writer.write(ByteBuffer(string: "data: {\"id\":\"up-1\",\"choi"))
                throw CancellationError()
            case "stream-error-event":
                try await event(chunk(#"{"role":"assistant","content":"Hel"}"#))
                try await event(#"{"error":{"message":"The model is overloaded."}}"#)
            case "drip":
                do {
                    try await event(chunk(#"{"role":"assistant","content":""}"#))
                    for index in 0..<400 {
                        try await Task.sleep(for: .milliseconds(50))
                        try await event(chunk(#"{"content":"\#(index) "}"#))
                    }
                } catch {
                    self.dripWasCancelled.withLock { $0 = true }
                    throw error
                }
                try await event(chunk("{}", finish: "stop"))
            case "pause":
                try await event(chunk(#"{"role":"assistant","content":""}"#))
                // Thinking: only SSE comments for 3 s, as some servers send. A write fails once Flourish has
                // ended the request.
                do {
                    for _ in 0..<30 {
                        try await Task.sleep(for: .milliseconds(100))
                        try await writer.write(ByteBuffer(string: ": processing\n\n"))
                    }
                } catch {
                    self.pauseWasCancelled.withLock { $0 = true }
                    throw error
                }
                try await event(chunk(#"{"content":"After the pause."}"#))
                try await event(chunk("{}", finish: "stop"))
            default:
                // Split one event across writes, as real servers' TCP segments do.
                try await writer.write(
                    ByteBuffer(string: "data: " + chunk(#"{"role":"assistant","content":""}"#).prefix(30)))
                try await writer.write(
                    ByteBuffer(string: chunk(#"{"role":"assistant","content":""}"#).dropFirst(30) + "\n\n"))
                for piece in ["Hel", "lo", " world"] {
                    try await event(chunk(#"{"content":"\#(piece)"}"#))
                }
                try await writer.write(ByteBuffer(string: ": keep-alive comment\n\n"))
                try await event(chunk("{}", finish: "stop"))
            }
            if includeUsage {
                try await event(
                    #"{"id":"up-1","object":"chat.completion.chunk","created":1,"model":"\#(model)","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}}"#
                )
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: body)
    }
}
