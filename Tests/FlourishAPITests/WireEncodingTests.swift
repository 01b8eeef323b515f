import FlourishAPI
import Foundation
import Testing

@Suite struct WireEncodingTests {
    private func object(_ value: some Encodable) throws -> [String: JSONValue] {
        try #require(JSONCoding.decoder.decode(JSONValue.self, from: JSONCoding.encode(value)).objectValue)
    }

    @Test func completionCarriesRoutingMetadataBesideOpenAIFields() throws {
        var completion = ChatCompletion(
            id: "gen-1-abc", created: 1, model: "gloo-deepseek-v3.2",
            choices: [.init(index: 0, message: .init(content: "Hello"), finishReason: "stop")],
            usage: Usage(promptTokens: 3, completionTokens: 2))
        completion.routing = RoutingMetadata(
            provider: "open-source", modelFamily: "Open Source", autoRouting: false, routingMechanism: "model_family",
            routingTier: "tier_2", routingConfidence: 0.55555, tradition: .evangelical)
        let json = try object(completion)
        #expect(json["object"] == "chat.completion")
        #expect(json["model_family"] == "Open Source")
        #expect(json["routing_mechanism"] == "model_family")
        #expect(json["routing_tier"] == "tier_2")
        #expect(json["routing_confidence"] == .double(0.556))
        #expect(json["tradition"] == "evangelical")
        #expect(json["auto_routing"] == false)
        #expect(json["usage"]?["total_tokens"] == 5)
        #expect(json["choices"]?.arrayValue?.first?["message"]?["content"] == "Hello")
    }

    @Test func directSelectionOmitsTierAndConfidence() throws {
        var chunk = ChatChunk(
            id: "gen-1", created: 1, model: "m", choices: [.init(index: 0, delta: .init(content: "a"))])
        chunk.routing = RoutingMetadata(
            provider: "openai", modelFamily: "OpenAI", autoRouting: false, routingMechanism: "direct_model_selection",
            routingTier: nil, routingConfidence: nil, tradition: nil)
        let json = try object(chunk)
        #expect(json["routing_tier"] == nil)
        #expect(json["routing_confidence"] == nil)
        #expect(json["tradition"] == nil)
        #expect(json["object"] == "chat.completion.chunk")
        #expect(json["choices"]?.arrayValue?.first?["finish_reason"] == .null)
    }

    @Test func errorEnvelopeAlwaysHasParamAndCode() throws {
        let envelope = ErrorEnvelope(
            error: .init(
                message: "m", type: "invalid_request_error", param: nil, code: nil, fault: .client, retryable: false),
            requestID: "req_1")
        let json = try object(envelope)
        #expect(json["error"]?["param"] == .null)
        #expect(json["error"]?["code"] == .null)
        #expect(json["error"]?["fault"] == "client")
        #expect(json["request_id"] == "req_1")
    }

    @Test func assistantToolCallMessageEncodesNullContent() throws {
        let message = ChatMessage(
            role: .assistant, content: nil, toolCalls: [ToolCall(id: "c1", function: .init(name: "f", arguments: "{}"))]
        )
        let json = try object(message)
        #expect(json["content"] == .null)
        #expect(json["tool_calls"]?.arrayValue?.count == 1)
    }

    @Test func jsonValueKeepsIntegersIntegral() throws {
        let data = try JSONCoding.encode(JSONValue.object(["seed": 7, "t": 0.5]))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""seed":7"#))
        #expect(text.contains(#""t":0.5"#))
    }

    @Test func usageFromAFaultyUpstreamNeverTraps() throws {
        let negative = try Usage(json: ["prompt_tokens": -5, "completion_tokens": 3, "total_tokens": -2])
        #expect(negative.promptTokens == 0)
        #expect(negative.completionTokens == 3)
        #expect(negative.totalTokens == 0)
        let huge = Usage(promptTokens: .max, completionTokens: 10)
        #expect(huge.totalTokens == .max)
        #expect(Usage.sum(.max, .max, -1) == .max)
    }

    @Test func toolCallDeltasWithoutAnIndexTakeTheirPosition() throws {
        let delta = try ChatChunk.Delta(json: [
            "tool_calls": [
                ["id": "a", "function": ["name": "first", "arguments": "{}"]],
                ["id": "b", "function": ["name": "second", "arguments": "{}"]],
                ["index": 7, "id": "c"],
            ]
        ])
        #expect(delta.toolCalls?.map(\.index) == [0, 1, 7])
    }

    @Test func groundingAndSafetyAreWrittenWithTheirWireNames() throws {
        var completion = ChatCompletion(
            id: "gen-1", created: 1, model: "m",
            choices: [.init(index: 0, message: .init(content: "a"), finishReason: "stop")], usage: nil)
        completion.grounding = GroundingResult(
            sourcesReturned: true,
            citations: [
                Citation(
                    itemID: "i1", itemTitle: nil, itemURL: "https://example.org", author: ["A"], publisher: "P",
                    publicationDate: nil, snippets: ["s"],
                    sections: [.init(reference: "John 3:16", snippet: "s", score: .nan)])
            ])
        completion.safety = SafetyReport(findings: [
            .init(dimension: .security, category: .personalData, severity: .high, action: .block, stage: .output)
        ])
        let json = try object(completion)
        #expect(json["sources_returned"] == true)
        let citation = try #require(json["citations"]?.arrayValue?.first)
        #expect(citation["item_id"] == "i1")
        #expect(citation["item_title"] == .null)
        // JSON has no NaN: the score is null and the rest of the citation stays.
        #expect(citation["sections"]?.arrayValue?.first?["score"] == JSONValue.null)
        #expect(citation["sections"]?.arrayValue?.first?["reference"] == "John 3:16")
        #expect(json["safety"]?["action"] == "block")
        #expect(json["safety"]?["findings"]?.arrayValue?.first?["category"] == "pii_leak")
        #expect(json["safety"]?["findings"]?.arrayValue?.first?["dimension"] == "security")
    }
}
