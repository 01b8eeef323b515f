import FlourishAPI
import FlourishAuth
import FlourishServer
import FlourishTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Synchronization
import Testing

@Suite struct ChatCompletionsTests {
    static let hello = #"{"model":"gloo-test-echo","messages":[{"role":"user","content":"Hello"}]}"#

    @Test func directSelectionAnswersWithRoutingMetadata() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let response = try await client.chat(Self.hello, bearer: try await world.bearer(client))
                #expect(response.status == .ok)
                let json = response.json
                #expect(json["model"] == "gloo-test-echo")
                #expect(json["provider"] == "llama.cpp")
                #expect(json["model_family"] == "Open Source")
                #expect(json["auto_routing"] == false)
                #expect(json["routing_mechanism"] == "direct_model_selection")
                #expect(json["routing_tier"] == nil)
                #expect(json["tradition"] == nil)
                #expect(json["choices"]?.arrayValue?.first?["message"]?["content"] == "echo: Hello")
                #expect(json["usage"]?["total_tokens"] == 15)
                #expect(json["id"]?.stringValue?.hasPrefix("gen-") == true)
                #expect(response.headers[.init("x-request-id")!]?.hasPrefix("req_") == true)
            }
        }
    }

    @Test func familySelectionReportsTierAndConfidence() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"model_family":"Open Source","auto_routing":false,"messages":[{"role":"user","content":"Hi"}]}"#
                let json = try await client.chat(body, bearer: try await world.bearer(client)).json
                #expect(json["routing_mechanism"] == "model_family")
                #expect(json["routing_tier"] == "tier_1")
                #expect((0.5...0.99).contains(json["routing_confidence"]?.numberValue ?? 0))
                #expect(json["model"] == "gloo-test-echo")
            }
        }
    }

    @Test func autoRoutingGradesAndPicksAnAvailableModel() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body = #"{"auto_routing":true,"messages":[{"role":"user","content":"Hello there"}]}"#
                let json = try await client.chat(body, bearer: try await world.bearer(client)).json
                #expect(json["routing_mechanism"] == "auto_routing")
                #expect(json["auto_routing"] == true)
                #expect(json["routing_tier"] == "tier_1")
                #expect(json["model"] == "gloo-test-echo")
                #expect(json["choices"]?.arrayValue?.first?["message"]?["content"] == "echo: Hello there")
            }
        }
    }

    @Test func traditionIsComposedIntoTheSystemPromptAndEchoed() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"model":"gloo-test-echo","tradition":"catholic","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is grace?"}]}"#
                let json = try await client.chat(body, bearer: try await world.bearer(client)).json
                #expect(json["tradition"] == "catholic")
                let sent = try #require(world.upstream.lastRequest?["messages"]?.arrayValue)
                #expect(sent.count == 2)
                let system = sent[0]["content"]?.stringValue ?? ""
                #expect(system.contains("Catholic"))
                #expect(system.hasSuffix("Be brief."))
                #expect(world.upstream.lastRequest?["tradition"] == nil)
            }
        }
    }

    @Test func reasoningModelGetsTranslatedParameters() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"model":"gloo-test-reasoning","max_tokens":500,"temperature":0.7,"messages":[{"role":"user","content":"Hi"}]}"#
                let response = try await client.chat(body, bearer: try await world.bearer(client))
                #expect(response.status == .ok)
                #expect(response.json["provider"] == "openai")
                #expect(world.upstream.lastRequest?["max_completion_tokens"] == 500)
                #expect(world.upstream.lastRequest?["temperature"] == nil)
            }
        }
    }

    @Test func toolCallsComeBackAsOpenAIShapes() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"model":"gloo-test-tools","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],"tool_choice":"required","messages":[{"role":"user","content":"Weather in Paris?"}]}"#
                let json = try await client.chat(body, bearer: try await world.bearer(client)).json
                let choice = try #require(json["choices"]?.arrayValue?.first)
                #expect(choice["finish_reason"] == "tool_calls")
                #expect(choice["message"]?["content"] == .null)
                let call = try #require(choice["message"]?["tool_calls"]?.arrayValue?.first)
                #expect(call["function"]?["name"] == "get_weather")
                #expect(call["function"]?["arguments"] == #"{"location":"Paris"}"#)
                #expect(world.upstream.lastRequest?["tool_choice"] == "required")
            }
        }
    }

    @Test(arguments: [
        (
            #"{"model":"gloo-test-echo","messages":[{"role":"user","content":"x"}]"#, HTTPResponse.Status.badRequest,
            "invalid_json"
        ),
        (#"{"model":"gloo-nope","messages":[{"role":"user","content":"x"}]}"#, .notFound, "model_not_found"),
        (
            #"{"model":"gloo-test-echo","model_family":"openai","messages":[{"role":"user","content":"x"}]}"#,
            .badRequest, "conflicting_routing_mechanisms"
        ),
        (#"{"messages":[{"role":"user","content":"x"}]}"#, .badRequest, "missing_routing_mechanism"),
        (
            #"{"model":"gloo-test-unserved","messages":[{"role":"user","content":"x"}]}"#, .serviceUnavailable,
            "model_not_served"
        ),
        (
            #"{"model":"gloo-test-echo","temperature":3,"messages":[{"role":"user","content":"x"}]}"#, .badRequest,
            "decimal_above_max_value"
        ),
        (
            #"{"model":"gloo-test-echo","tradition":"druid","messages":[{"role":"user","content":"x"}]}"#,
            .unprocessableContent, "invalid_value"
        ),
        (
            #"{"model":"gloo-test-anthropic","messages":[{"role":"user","content":"x"}]}"#, .serviceUnavailable,
            "provider_not_configured"
        ),
        (
            #"{"model":"gloo-test-error-400","messages":[{"role":"user","content":"x"}]}"#, .badRequest,
            "provider_rejected_request"
        ),
        (
            #"{"model":"gloo-test-error-429","messages":[{"role":"user","content":"x"}]}"#, .tooManyRequests,
            "provider_rate_limited"
        ),
        (#"{"model":"gloo-test-error-500","messages":[{"role":"user","content":"x"}]}"#, .badGateway, "provider_error"),
    ])
    func badRequestsAndUpstreamFailuresGetTheEnvelope(body: String, status: HTTPResponse.Status, code: String)
        async throws
    {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let response = try await client.chat(body, bearer: try await world.bearer(client))
                #expect(response.status == status)
                let error = response.json["error"]
                #expect(error?["code"]?.stringValue == code)
                #expect(error?["message"]?.stringValue?.isEmpty == false)
                #expect(error?["type"]?.stringValue != nil)
                #expect(error?["fault"]?.stringValue != nil)
                #expect(error?["retryable"]?.boolValue != nil)
                #expect(response.json["request_id"]?.stringValue?.hasPrefix("req_") == true)
                if status == .tooManyRequests { #expect(response.headers[.retryAfter] == "7") }
                if code == "provider_not_configured" {
                    #expect(error?["message"]?.stringValue?.contains("ANTHROPIC_API_KEY") == true)
                }
                // The gateway stays healthy after every failure.
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            }
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await GatewayWorld.run(maxBodyBytes: 1024) { world, app in
            try await app.test(.router) { client in
                let big =
                    #"{"model":"gloo-test-echo","messages":[{"role":"user","content":""#
                    + String(repeating: "a", count: 4096) + #""}]}"#
                let response = try await client.chat(big, bearer: try await world.bearer(client))
                #expect(response.status == .contentTooLarge)
                #expect(response.json["error"]?["code"] == "request_too_large")
            }
        }
    }

    /// Bodies over 256 KiB are parsed and screened off the event loops; they must answer and fail exactly as
    /// small ones do.
    @Test func largeBodiesAnswerAndFailAsSmallOnesDo() async throws {
        try await GatewayWorld.run(maxBodyBytes: 4 << 20) { world, app in
            try await app.test(.router) { client in
                let bearer = try await world.bearer(client)
                let text = String(repeating: "Grace and peace to you. ", count: 20_000)
                let good = #"{"model":"gloo-test-echo","messages":[{"role":"user","content":"\#(text)"}]}"#
                let response = try await client.chat(good, bearer: bearer)
                #expect(response.status == .ok)
                let content = response.json["choices"]?[0]?["message"]?["content"]?.stringValue ?? ""
                #expect(content.contains("Grace and peace to you."))
                #expect(content.count >= text.count)

                let bad =
                    #"{"model":"gloo-test-echo","temperature":7,"messages":[{"role":"user","content":"\#(text)"}]}"#
                let refused = try await client.chat(bad, bearer: bearer)
                #expect(refused.status == .badRequest)
                #expect(refused.json["error"]?["param"] == "temperature")

                let broken = #"{"model":"gloo-test-echo","messages":[{"role":"user","content":"\#(text)"#
                #expect(try await client.chat(broken, bearer: bearer).json["error"]?["code"] == "invalid_json")
            }
        }
    }
}
