import FlourishAPI
import FlourishProviders
import Foundation
import Testing

/// Translation checked against the request, response and stream examples of Anthropic's Messages API docs.
@Suite struct AnthropicTranslationTests {
    private func call(_ body: String, maxTokens: Int = 64000) throws -> ProviderCall {
        ProviderCall(
            request: try ChatRequest(bytes: Array(body.utf8)), upstreamModel: "claude-sonnet-4-5",
            usesReasoningParameters: false, defaultMaxTokens: maxTokens)
    }

    private func translate(_ body: String) throws -> JSONValue {
        try AnthropicRequest.body(for: try call(body))
    }

    @Test func systemAndDeveloperMessagesBecomeTheSystemField() throws {
        let body = try translate(
            #"{"model":"m","max_tokens":100,"messages":[{"role":"system","content":"Be kind."},{"role":"developer","content":"Use Markdown."},{"role":"user","content":"Hi"}]}"#
        )
        #expect(body["system"] == "Be kind.\n\nUse Markdown.")
        #expect(body["model"] == "claude-sonnet-4-5")
        #expect(body["max_tokens"] == 100)
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "Hi"]]]])
    }

    @Test func maxTokensDefaultsToTheCatalogLimit() throws {
        #expect(try translate(#"{"model":"m","messages":[{"role":"user","content":"Hi"}]}"#)["max_tokens"] == 64000)
    }

    @Test func toolHistoryBecomesToolUseAndToolResultBlocksInAlternatingTurns() throws {
        let body = try translate(
            #"""
            {"model":"m","messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}},
                {"id":"toolu_2","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Rome\"}"}}]},
              {"role":"tool","tool_call_id":"toolu_1","content":"18C"},
              {"role":"tool","tool_call_id":"toolu_2","content":"24C"},
              {"role":"user","content":"Which is warmer?"}]}
            """#)
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["user", "assistant", "user"])
        let uses = try #require(messages[1]["content"]?.arrayValue)
        #expect(
            uses[0] == ["type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": ["location": "Paris"]])
        let results = try #require(messages[2]["content"]?.arrayValue)
        #expect(results.count == 3)
        #expect(results[0] == ["type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"])
        #expect(results[2] == ["type": "text", "text": "Which is warmer?"])
    }

    @Test func imagesBecomeBase64OrURLSources() throws {
        let body = try translate(
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"image_url","image_url":{"url":"https://example.org/a.jpg"}}]}]}"#
        )
        let blocks = try #require(body["messages"]?.arrayValue?.first?["content"]?.arrayValue)
        #expect(
            blocks[1] == [
                "type": "image", "source": ["type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="],
            ])
        #expect(blocks[2] == ["type": "image", "source": ["type": "url", "url": "https://example.org/a.jpg"]])
    }

    @Test(
        arguments: [
            (#""tool_choice":"auto""#, ["type": "auto"]),
            (#""tool_choice":"required""#, ["type": "any"]),
            (
                #""tool_choice":{"type":"function","function":{"name":"get_weather"}}"#,
                ["type": "tool", "name": "get_weather"]
            ),
            (
                #""tool_choice":"auto","parallel_tool_calls":false"#,
                ["type": "auto", "disable_parallel_tool_use": true]
            ),
        ] as [(String, JSONValue)])
    func toolsAndToolChoiceMap(choice: String, expected: JSONValue) throws {
        let body = try translate(
            #"{"model":"m",\#(choice),"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}],"messages":[{"role":"user","content":"Hi"}]}"#
        )
        #expect(body["tool_choice"] == expected)
        #expect(body["tools"]?.arrayValue?.first?["input_schema"]?["type"] == "object")
        #expect(body["tools"]?.arrayValue?.first?["description"] == "Weather")
    }

    @Test func toolChoiceNoneSendsNoTools() throws {
        let body = try translate(
            #"{"model":"m","tool_choice":"none","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"Hi"}]}"#
        )
        #expect(body["tools"] == nil)
        #expect(body["tool_choice"] == nil)
    }

    @Test(arguments: [
        (#""temperature":1.5"#, "temperature"), (#""response_format":{"type":"json_object"}"#, "response_format"),
        (#""n":2"#, "n"), (#""logprobs":true"#, "logprobs"),
    ])
    func fieldsAnthropicCannotHonourAreRefusedByName(field: String, param: String) throws {
        #expect {
            _ = try translate(#"{"model":"m",\#(field),"messages":[{"role":"user","content":"Hi"}]}"#)
        } throws: { error in
            (error as? GatewayError)?.param == param
        }
    }

    @Test func samplingStopAndUserAreCarried() throws {
        let body = try translate(
            #"{"model":"m","temperature":0.5,"top_p":0.9,"stop":["END"],"user":"u-1","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
        )
        #expect(body["temperature"] == 0.5)
        #expect(body["top_p"] == 0.9)
        #expect(body["stop_sequences"] == ["END"])
        #expect(body["metadata"] == ["user_id": "u-1"])
        #expect(body["stream"] == true)
    }

    @Test func documentedTextResponseTranslates() throws {
        let message = try JSONCoding.decoder.decode(
            JSONValue.self,
            from: Data(
                #"{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[{"type":"text","text":"Hello!"}],"model":"claude-sonnet-4-5","stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":6,"cache_read_input_tokens":4}}"#
                    .utf8))
        let completion = try AnthropicResponse.completion(message, providerName: "anthropic")
        #expect(completion.choices[0].message.content == "Hello!")
        #expect(completion.choices[0].finishReason == "stop")
        #expect(completion.usage == Usage(promptTokens: 16, completionTokens: 6, cachedTokens: 4))
    }

    @Test func documentedToolUseResponseTranslates() throws {
        let message = try JSONCoding.decoder.decode(
            JSONValue.self,
            from: Data(
                #"{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"I'll check."},{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"San Francisco, CA"}}],"model":"claude-sonnet-4-5","stop_reason":"tool_use","usage":{"input_tokens":20,"output_tokens":30}}"#
                    .utf8))
        let completion = try AnthropicResponse.completion(message, providerName: "anthropic")
        let call = try #require(completion.choices[0].message.toolCalls?.first)
        #expect(call.id == "toolu_01A09q90qw90lq917835lq9")
        #expect(call.function.name == "get_weather")
        #expect(call.function.arguments == #"{"location":"San Francisco, CA"}"#)
        #expect(completion.choices[0].finishReason == "tool_calls")
    }

    @Test(arguments: [
        ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"), ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
    ])
    func stopReasonsMap(stop: String, finish: String) {
        #expect(AnthropicResponse.finishReason(stop) == finish)
    }

    static let documentedStream = [
        #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"ping"}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me check"}}"#,
        #"{"type":"content_block_stop","index":0}"#,
        #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": "}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}"#,
        #"{"type":"content_block_stop","index":1}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}"#,
        #"{"type":"message_stop"}"#,
    ]

    @Test func documentedStreamBecomesOpenAIChunks() throws {
        var translator = AnthropicStreamTranslator(providerName: "anthropic")
        var chunks: [ChatChunk] = []
        for event in Self.documentedStream {
            chunks += try translator.chunks(for: JSONCoding.decoder.decode(JSONValue.self, from: Data(event.utf8)))
        }
        #expect(translator.isFinished)
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Let me check")
        let deltas = chunks.flatMap { $0.choices.first?.delta.toolCalls ?? [] }
        #expect(
            deltas.first
                == ToolCallDelta(
                    index: 0, id: "toolu_1", type: "function", function: .init(name: "get_weather", arguments: "")))
        #expect(deltas.compactMap { $0.function?.arguments }.joined() == #"{"location": "Paris"}"#)
        #expect(chunks.compactMap { $0.choices.first?.finishReason }.last == "tool_calls")
        #expect(chunks.last?.usage == Usage(promptTokens: 25, completionTokens: 89))
    }

    @Test func errorEventThrowsAndOverloadIsRetryable() throws {
        var translator = AnthropicStreamTranslator(providerName: "anthropic")
        #expect {
            _ = try translator.chunks(
                for: JSONCoding.decoder.decode(
                    JSONValue.self,
                    from: Data(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8)))
        } throws: { error in
            let error = error as? GatewayError
            return error?.code == .providerUnavailable && error?.message.contains("Overloaded") == true
        }
    }
}
