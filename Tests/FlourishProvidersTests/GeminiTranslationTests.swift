import FlourishAPI
import FlourishProviders
import Foundation
import Testing

/// Translation checked against the request, response and stream examples of the Gemini API docs.
@Suite struct GeminiTranslationTests {
    private func translate(_ body: String) throws -> JSONValue {
        try GeminiRequest.body(
            for: ProviderCall(
                request: try ChatRequest(bytes: Array(body.utf8)), upstreamModel: "gemini-2.5-flash",
                usesReasoningParameters: false))
    }

    private func json(_ text: String) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func systemBecomesSystemInstructionAndAssistantBecomesModel() throws {
        let body = try translate(
            #"{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Bye"},{"role":"user","content":"Really"}],"temperature":0.3,"max_tokens":50,"top_p":0.8,"stop":["x"]}"#
        )
        #expect(body["systemInstruction"] == ["parts": [["text": "Be brief."]]])
        let contents = try #require(body["contents"]?.arrayValue)
        #expect(contents.map { $0["role"] } == ["user", "model", "user"])
        #expect(contents[2]["parts"] == [["text": "Bye"], ["text": "Really"]])
        #expect(
            body["generationConfig"] == [
                "temperature": 0.3, "maxOutputTokens": 50, "topP": 0.8, "stopSequences": ["x"],
            ])
    }

    @Test func toolCallsAndResultsBecomeFunctionParts() throws {
        let body = try translate(
            #"""
            {"model":"m","tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "tool_choice":"required",
             "messages":[{"role":"user","content":"Paris?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"{\"celsius\":18}"},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}
            """#)
        let contents = try #require(body["contents"]?.arrayValue)
        #expect(contents[1]["parts"] == [["functionCall": ["name": "get_weather", "args": ["city": "Paris"]]]])
        #expect(
            contents[2]["parts"] == [
                ["functionResponse": ["name": "get_weather", "response": ["celsius": 18]]],
                ["functionResponse": ["name": "get_weather", "response": ["content": "sunny"]]],
            ])
        #expect(body["toolConfig"] == ["functionCallingConfig": ["mode": "ANY"]])
        let declaration = body["tools"]?.arrayValue?.first?["functionDeclarations"]?.arrayValue?.first
        #expect(declaration?["parametersJsonSchema"]?["type"] == "object")
    }

    @Test func toolResultWithoutItsCallIsRefused() {
        #expect {
            _ = try translate(
                #"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"nope","content":"1"}]}"#
            )
        } throws: { error in
            (error as? GatewayError)?.param == "messages[1].tool_call_id"
        }
    }

    @Test func imagesAndResponseFormat() throws {
        let body = try translate(
            #"{"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}},"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},{"type":"image_url","image_url":{"url":"https://example.org/p.png?x=1"}}]}]}"#
        )
        let parts = try #require(body["contents"]?.arrayValue?.first?["parts"]?.arrayValue)
        #expect(parts[0] == ["inlineData": ["mimeType": "image/jpeg", "data": "/9j/4AAQ"]])
        #expect(parts[1] == ["fileData": ["mimeType": "image/png", "fileUri": "https://example.org/p.png?x=1"]])
        #expect(body["generationConfig"]?["responseMimeType"] == "application/json")
        #expect(body["generationConfig"]?["responseJsonSchema"] == ["type": "object"])
    }

    @Test func documentedResponseWithFunctionCallTranslates() throws {
        let response = try json(
            #"{"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":5,"thoughtsTokenCount":7,"totalTokenCount":32},"modelVersion":"gemini-2.5-flash","responseId":"abc"}"#
        )
        let completion = try GeminiResponse.completion(response, providerName: "google")
        let call = try #require(completion.choices[0].message.toolCalls?.first)
        #expect(call.function.name == "get_weather")
        #expect(call.function.arguments == #"{"city":"Paris"}"#)
        #expect(call.id.hasPrefix("call_"))
        #expect(completion.choices[0].finishReason == "tool_calls")
        #expect(completion.usage == Usage(promptTokens: 20, completionTokens: 12, reasoningTokens: 7))
    }

    @Test(arguments: [
        ("STOP", "stop"), ("MAX_TOKENS", "length"), ("SAFETY", "content_filter"), ("RECITATION", "content_filter"),
    ])
    func finishReasonsMap(reason: String, finish: String) {
        #expect(GeminiResponse.finishReason(reason, hasToolCalls: false) == finish)
    }

    @Test func blockedPromptIsAContentFilterStop() throws {
        let completion = try GeminiResponse.completion(
            try json(#"{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":4}}"#),
            providerName: "google")
        #expect(completion.choices[0].finishReason == "content_filter")
    }

    @Test func streamedResponsesBecomeChunks() throws {
        var translator = GeminiStreamTranslator(providerName: "google")
        let events = [
            #"{"candidates":[{"content":{"parts":[{"text":"The weather"}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash"}"#,
            #"{"candidates":[{"content":{"parts":[{"text":" is"},{"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":4,"totalTokenCount":13}}"#,
        ]
        var chunks: [ChatChunk] = []
        for event in events { chunks += try translator.chunks(for: try json(event)) }
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "The weather is")
        let deltas = chunks.flatMap { $0.choices.first?.delta.toolCalls ?? [] }
        #expect(deltas.count == 1)
        #expect(deltas.first?.index == 0 && deltas.first?.function?.name == "get_weather")
        #expect(deltas.first?.function?.arguments == #"{"city":"Rome"}"#)
        #expect(chunks.last?.choices.first?.finishReason == "tool_calls")
        #expect(translator.usageChunk()?.usage == Usage(promptTokens: 9, completionTokens: 4))
    }
}
