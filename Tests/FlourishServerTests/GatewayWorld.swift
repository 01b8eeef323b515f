import AsyncHTTPClient
import Configuration
import FlourishAPI
import FlourishAuth
import FlourishServer
import FlourishTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// A gateway over a fake upstream, with its own data directory and catalog; one per test.
struct GatewayWorld {
    /// A routing policy for test catalogs: fallbacks as built in, a breaker that opens after three failures
    /// and probes again after half a second.
    static func policy(failuresToOpen: Int = 3) -> String {
        #"""
        {"tier_preference":{"tier_1":["tier_1","tier_2","tier_3"],"tier_2":["tier_2","tier_3","tier_1"],"tier_3":["tier_3","tier_2","tier_1"]},
         "price_weights":{"input":3,"output":1},"unavailable_family":"best_available",
         "fallback":{"auto_routing":"other_provider","model_family":"same_family","max_attempts":3},
         "circuit_breaker":{"failures_to_open":\#(failuresToOpen),"open_seconds":0.5}}
        """#
    }

    static let catalog = #"""
        {"version":"2026-11-21","routing_policy":\#(policy()),
         "models":[
          {"id":"gloo-test-echo","name":"Echo","family":"Open Source","provider":"open_source","upstream_model":"echo","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-tools","name":"Tools","family":"Open Source","provider":"open_source","upstream_model":"tools","tier":"tier_2","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-error-400","name":"E400","family":"Open Source","provider":"open_source","upstream_model":"error-400","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-error-429","name":"E429","family":"Open Source","provider":"open_source","upstream_model":"error-429","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-error-500","name":"E500","family":"Open Source","provider":"open_source","upstream_model":"error-500","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-leak","name":"Leak","family":"Open Source","provider":"open_source","upstream_model":"leak","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-break","name":"Break","family":"Open Source","provider":"open_source","upstream_model":"stream-break","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-pause","name":"Pause","family":"Open Source","provider":"open_source","upstream_model":"pause","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-drip","name":"Drip","family":"Open Source","provider":"open_source","upstream_model":"drip","tier":"tier_1","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-reasoning","name":"Reasoning","family":"OpenAI","provider":"openai","upstream_model":"echo","tier":"tier_2","context_window":400000,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2},"uses_reasoning_parameters":true},
          {"id":"gloo-test-unserved","name":"Unserved","family":"Open Source","provider":"open_source","upstream_model":"not-loaded","tier":"tier_3","context_window":32768,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}},
          {"id":"gloo-test-anthropic","name":"Claude","family":"Anthropic","provider":"anthropic","upstream_model":"claude","tier":"tier_2","context_window":200000,"max_output_tokens":4096,"pricing":{"input_per_million":0.1,"output_per_million":0.2}}
         ]}
        """#

    let configuration: GatewayConfiguration
    let state: GatewayState
    let upstream: FakeUpstream
    /// A client made before the gateway started, so a safety policy file can name it.
    let namedClient: ClientCredentials?

    /// Runs `body` with a gateway whose upstreams point at a live fake.
    static func run(
        useBuiltInCatalog: Bool = false, catalog: String = Self.catalog, maxBodyBytes: Int = 1 << 20,
        safetyPolicy: (@Sendable (_ namedClientID: String) -> String)? = nil, streamHeartbeatSeconds: Double = 15,
        _ body: @Sendable (GatewayWorld, any ApplicationProtocol) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        try await upstream.application().test(.live) { upstreamClient in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flourish-server-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let catalogPath = directory.appendingPathComponent("catalog.json").path
            try Data(catalog.utf8).write(to: URL(fileURLWithPath: catalogPath))
            let base = "http://127.0.0.1:\(upstreamClient.port ?? 0)/v1"
            var values: [AbsoluteConfigKey: ConfigValue] = [
                "flourish.dataDir": .init(.string(directory.appendingPathComponent("data").path), isSecret: false),
                "flourish.port": .init(.int(0), isSecret: false),
                "flourish.maxBodyBytes": .init(.int(maxBodyBytes), isSecret: false),
                "flourish.streamHeartbeatSeconds": .init(.double(streamHeartbeatSeconds), isSecret: false),
                "openai.baseURL": .init(.string(base), isSecret: false),
                "openai.apiKey": .init(.string("sk-test"), isSecret: true),
                "openSource.baseURL": .init(.string(base), isSecret: false),
                "openSource.name": .init(.string("llama.cpp"), isSecret: false),
                // Grounding is tested against the real table in FlourishGroundingTests and the conformance
                // suite; loading it in every in-process gateway would only slow these tests.
                "flourish.embeddings": .init(
                    .string(directory.appendingPathComponent("no-table").path), isSecret: false),
            ]
            if !useBuiltInCatalog {
                values["flourish.models"] = .init(.string(catalogPath), isSecret: false)
            }
            var namedClient: ClientCredentials?
            if let safetyPolicy {
                let bootstrap = try GatewayState.open(
                    configuration: GatewayConfiguration(
                        reader: ConfigReader(provider: InMemoryProvider(values: values))))
                let named = try await bootstrap.registry.create(name: "named")
                namedClient = named
                let path = directory.appendingPathComponent("safety.json").path
                try Data(safetyPolicy(named.clientID).utf8).write(to: URL(fileURLWithPath: path))
                values["flourish.safetyPolicy"] = .init(.string(path), isSecret: false)
            }
            let configuration = GatewayConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: values)))
            let state = try GatewayState.open(configuration: configuration)
            let world = GatewayWorld(
                configuration: configuration, state: state, upstream: upstream, namedClient: namedClient)
            try await withUpstreamClient { httpClient in
                let app = try await buildApplication(
                    configuration: configuration, state: state, httpClient: httpClient, metrics: GatewayMetrics(),
                    logger: Logger(label: "test"))
                try await body(world, app)
            }
        }
    }

    /// A fresh client's bearer token, fetched through POST /oauth2/token.
    func bearer(_ client: some TestClientProtocol, as named: ClientCredentials? = nil) async throws -> String {
        let credentials: ClientCredentials
        if let named { credentials = named } else { credentials = try await state.registry.create(name: "test") }
        let basic = Data("\(credentials.clientID):\(credentials.clientSecret)".utf8).base64EncodedString()
        let response = try await client.execute(
            uri: "/oauth2/token", method: .post,
            headers: [.authorization: "Basic \(basic)", .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "grant_type=client_credentials"))
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
        return "Bearer " + (json["access_token"]?.stringValue ?? "")
    }
}

extension TestClientProtocol {
    /// POSTs a chat request and returns the response.
    func chat(_ body: String, bearer: String?, path: String = "/ai/v2/chat/completions") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let bearer { headers[.authorization] = bearer }
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    var json: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
    }

    /// The `data:` payloads of an SSE body.
    var events: [String] {
        String(buffer: body).components(separatedBy: "\n\n").compactMap { block in
            block.hasPrefix("data: ") ? String(block.dropFirst(6)) : nil
        }
    }

    var chunks: [JSONValue] {
        events.filter { $0 != "[DONE]" }.map {
            (try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))) ?? .null
        }
    }
}

extension JSONValue {
    /// An element of an array value.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
