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

@Suite struct DiscoveryTests {
    @Test func modelsListTheBuiltInCatalogWithAvailability() async throws {
        try await GatewayWorld.run(useBuiltInCatalog: true) { _, app in
            try await app.test(.router) { client in
                for path in ["/ai/v2/models", "/platform/v2/models"] {
                    let json = try await client.execute(uri: path, method: .get).json
                    #expect(json["object"] == "list")
                    let models = try #require(json["data"]?.arrayValue)
                    #expect(models.count == 18)
                    let sonnet = try #require(models.first { $0["id"] == "gloo-anthropic-claude-sonnet-4.5" })
                    #expect(sonnet["object"] == "model")
                    #expect(sonnet["family"] == "Anthropic")
                    #expect(sonnet["name"] == "Claude Sonnet 4.5")
                    #expect(sonnet["context_window"] == 200000)
                    #expect(sonnet["pricing"]?["input"]?["rate_per_1k_tokens"] == "0.003")
                    #expect(sonnet["supports_tools"] == true)
                    #expect(sonnet["input_modalities"] == ["text", "image"])
                    #expect(sonnet["available"] == false)
                    // OPENAI_API_KEY is set; the fake open-source server does not list Llama.
                    #expect(models.first { $0["id"] == "gloo-openai-gpt-5-mini" }?["available"] == true)
                    #expect(models.first { $0["id"] == "gloo-meta-llama-3.1-8b-instruct" }?["available"] == false)
                }
            }
        }
    }

    @Test func jwksHealthAndMetrics() async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let jwks = try await client.execute(uri: "/.well-known/jwks.json", method: .get).json
                #expect(jwks["keys"]?.arrayValue?.first?["alg"] == "ES256")
                #expect(try await client.execute(uri: "/healthz", method: .get).json["status"] == "ok")
                _ = try await client.chat(ChatCompletionsTests.hello, bearer: try await world.bearer(client))
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                #expect(
                    metrics.contains(#"flourish_http_requests_total{route="/ai/v2/chat/completions",status="200"}"#))
                #expect(
                    metrics.contains(
                        #"flourish_upstream_responses_total{provider="llama.cpp",model="gloo-test-echo",status="200"}"#)
                )
                #expect(metrics.contains(#"flourish_tokens_total{model="gloo-test-echo",type="prompt"} 10"#))
                #expect(metrics.contains("flourish_http_request_duration_seconds_bucket"))
                #expect(
                    metrics.contains("# HELP flourish_http_requests_total HTTP requests by matched route and status."))
            }
        }
    }

    @Test func unknownPathGetsTheEnvelope() async throws {
        try await GatewayWorld.run { _, app in
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/nope", method: .get)
                #expect(response.status == .notFound)
                #expect(response.json["error"]?["code"] == "not_found")
            }
        }
    }
}
