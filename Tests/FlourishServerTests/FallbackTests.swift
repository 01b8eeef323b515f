import FlourishAPI
import FlourishServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Fallbacks along the routing plan and the per-provider circuit breaker, against failing fake upstreams.
@Suite struct FallbackTests {
    /// Open-source models that fail (500, then 429) before the ones that answer, all tier_1, cheapest first.
    static let catalog = #"""
        {"version":"2026-11-22","routing_policy":\#(GatewayWorld.policy(failuresToOpen: 3)),
         "models":[
          {"id":"gloo-fb-failing","name":"Failing","family":"Open Source","provider":"open_source","upstream_model":"error-500","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0,"output_per_million":0}},
          {"id":"gloo-fb-limited","name":"Limited","family":"Open Source","provider":"open_source","upstream_model":"error-429","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.1}},
          {"id":"gloo-fb-echo","name":"Echo","family":"Open Source","provider":"open_source","upstream_model":"echo","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.5,"output_per_million":0.5}},
          {"id":"gloo-fb-openai","name":"OpenAI echo","family":"OpenAI","provider":"openai","upstream_model":"echo","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":1,"output_per_million":1}}
         ]}
        """#
    static let attempts = HTTPField.Name("flourish-attempts")!

    private func run(_ body: @Sendable @escaping (any TestClientProtocol, String) async throws -> Void) async throws {
        try await GatewayWorld.run(catalog: Self.catalog) { world, app in
            try await app.test(.router) { client in
                try await body(client, try await world.bearer(client))
            }
        }
    }

    private static func request(_ routing: String, stream: Bool = false) -> String {
        #"{\#(routing),"stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#
    }

    @Test func autoRoutingFallsBackToAnotherProviderAndSaysWhichModelServed() async throws {
        try await run { client, bearer in
            let response = try await client.chat(Self.request(#""auto_routing":true"#), bearer: bearer)
            #expect(response.status == .ok)
            #expect(response.json["model"] == "gloo-fb-openai")
            #expect(response.json["model_family"] == "OpenAI")
            #expect(response.json["routing_mechanism"] == "auto_routing")
            #expect(response.json["choices"]?.arrayValue?.first?["message"]?["content"] == "echo: hi")
            #expect(
                response.headers[Self.attempts]
                    == "gloo-fb-failing;provider=open_source;result=500, gloo-fb-openai;provider=openai;result=200")
        }
    }

    @Test func familyRoutingFallsBackWithinTheFamilyOnServerErrorsAndRateLimits() async throws {
        try await run { client, bearer in
            let response = try await client.chat(Self.request(#""model_family":"open source""#), bearer: bearer)
            #expect(response.status == .ok)
            #expect(response.json["model"] == "gloo-fb-echo")
            #expect(response.json["model_family"] == "Open Source")
            #expect(
                response.headers[Self.attempts]
                    == "gloo-fb-failing;provider=open_source;result=500, gloo-fb-limited;provider=open_source;result=429, gloo-fb-echo;provider=open_source;result=200"
            )
        }
    }

    @Test func aStreamFallsBackBeforeItsFirstByte() async throws {
        try await run { client, bearer in
            let response = try await client.chat(Self.request(#""auto_routing":true"#, stream: true), bearer: bearer)
            #expect(response.status == .ok)
            #expect(response.headers[Self.attempts]?.hasSuffix("gloo-fb-openai;provider=openai;result=200") == true)
            let chunks = response.chunks
            #expect(!chunks.isEmpty)
            #expect(chunks.allSatisfy { $0["model"] == "gloo-fb-openai" && $0["model_family"] == "OpenAI" })
            #expect(response.events.last == "[DONE]")
        }
    }

    @Test func directSelectionNeverFallsBack() async throws {
        try await run { client, bearer in
            let response = try await client.chat(Self.request(#""model":"gloo-fb-failing""#), bearer: bearer)
            #expect(response.status == .badGateway)
            #expect(response.json["error"]?["code"] == "provider_error")
            #expect(response.headers[Self.attempts] == "gloo-fb-failing;provider=open_source;result=500")
        }
    }

    @Test func theBreakerSkipsAFailingProviderThenProbesItAgain() async throws {
        try await run { client, bearer in
            let auto = Self.request(#""auto_routing":true"#)
            for _ in 0..<3 {
                let response = try await client.chat(auto, bearer: bearer)
                #expect(response.headers[Self.attempts]?.hasPrefix("gloo-fb-failing;") == true)
            }
            // Three failures in a row opened open_source's breaker: routing plans without it.
            let skipping = try await client.chat(auto, bearer: bearer)
            #expect(skipping.json["model"] == "gloo-fb-openai")
            #expect(skipping.headers[Self.attempts] == "gloo-fb-openai;provider=openai;result=200")
            // A model named directly is refused at once rather than sent to a provider that keeps failing.
            let refused = try await client.chat(Self.request(#""model":"gloo-fb-echo""#), bearer: bearer)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.json["error"]?["code"] == "provider_circuit_open")
            #expect(refused.headers[.retryAfter] == "1")
            #expect(refused.headers[Self.attempts] == "gloo-fb-echo;provider=open_source;result=circuit_open")

            // After open_seconds one probe goes through; it fails, so the breaker opens again.
            try await Task.sleep(for: .milliseconds(600))
            let probe = try await client.chat(auto, bearer: bearer)
            #expect(probe.headers[Self.attempts]?.hasPrefix("gloo-fb-failing;provider=open_source;result=500") == true)
            let stillOpen = try await client.chat(Self.request(#""model":"gloo-fb-echo""#), bearer: bearer)
            #expect(stillOpen.status == .serviceUnavailable)

            // A successful probe closes it.
            try await Task.sleep(for: .milliseconds(600))
            let healed = try await client.chat(Self.request(#""model":"gloo-fb-echo""#), bearer: bearer)
            #expect(healed.status == .ok)
            let planned = try await client.chat(auto, bearer: bearer)
            #expect(planned.headers[Self.attempts]?.hasPrefix("gloo-fb-failing;") == true)
        }
    }
}
