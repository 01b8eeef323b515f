import FlourishAPI
import Foundation
import Testing

@Suite struct ChatRequestValidationTests {
    private func parse(_ json: String) throws(GatewayError) -> ChatRequest {
        try ChatRequest(bytes: Array(json.utf8))
    }

    private func failure(_ json: String) -> GatewayError? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsGloosQuickstartRequest() throws {
        let request = try parse(
            #"{"model":"gloo-openai-gpt-5-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.7,"max_tokens":500,"tradition":"catholic","auto_routing":false}"#
        )
        #expect(request.routing == .model("gloo-openai-gpt-5-mini"))
        #expect(request.tradition == .catholic)
        #expect(request.maxTokens == 500)
        #expect(request.temperature == 0.7)
        #expect(request.messages == [ChatMessage(role: .user, content: .text("Hi"))])
    }

    @Test(arguments: [
        #"{"auto_routing":true,"messages":[{"role":"user","content":"x"}]}"#,
        #"{"auto_routing":true,"model":"","model_family":null,"messages":[{"role":"user","content":"x"}]}"#,
    ])
    func autoRoutingTrueIsTheOnlyMechanism(body: String) throws {
        #expect(try parse(body).routing == .auto)
    }

    @Test(arguments: [
        #"{"messages":[{"role":"user","content":"x"}]}"#,
        #"{"auto_routing":false,"messages":[{"role":"user","content":"x"}]}"#,
        #"{"model":"","messages":[{"role":"user","content":"x"}]}"#,
    ])
    func rejectsNoRoutingMechanism(body: String) {
        let error = failure(body)
        #expect(error?.code == .invalidRequest)
        #expect(error?.reason == "missing_routing_mechanism")
    }

    @Test(arguments: [
        #"{"auto_routing":true,"model":"gloo-openai-gpt-5-mini","messages":[{"role":"user","content":"x"}]}"#,
        #"{"model_family":"openai","model":"gloo-openai-gpt-5-mini","messages":[{"role":"user","content":"x"}]}"#,
    ])
    func rejectsSeveralRoutingMechanisms(body: String) {
        let error = failure(body)
        #expect(error?.code == .invalidRequest)
        #expect(error?.reason == "conflicting_routing_mechanisms")
        #expect(error?.message.contains("Only one routing mechanism") == true)
    }

    @Test func rejectsBrokenJSON() {
        let error = failure(#"{"model": "x", "messages": ["#)
        #expect(error?.code == .invalidRequest)
        #expect(error?.reason == "invalid_json")
    }

    @Test func rejectsNonObjectBody() {
        #expect(failure("[1,2]")?.reason == "invalid_type")
    }

    @Test(arguments: [
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#, "temperature",
            "invalid_type"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":2.5}"#, "temperature",
            "decimal_above_max_value"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0}"#, "max_tokens",
            "integer_below_min_value"
        ),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1.5}"#, "max_tokens", "invalid_type"),
        (#"{"model":"m"}"#, "messages", "missing_required_parameter"),
        (#"{"model":"m","messages":[]}"#, "messages", "empty_array"),
        (#"{"model":"m","messages":"hi"}"#, "messages", "invalid_type"),
        (#"{"model":"m","messages":[{"role":"wizard","content":"x"}]}"#, "messages[0].role", "invalid_value"),
        (#"{"model":"m","messages":[{"content":"x"}]}"#, "messages[0].role", "missing_required_parameter"),
        (#"{"model":"m","messages":[{"role":"user"}]}"#, "messages[0].content", "missing_required_parameter"),
        (
            #"{"model":"m","messages":[{"role":"tool","content":"42"}]}"#, "messages[0].tool_call_id",
            "missing_required_parameter"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url"}]}]}"#,
            "messages[0].content[0].image_url.url", "missing_required_parameter"
        ),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"}"#, "stream", "invalid_type"),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}}"#,
            "stream_options", "invalid_value"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"bad name"}}]}"#,
            "tools[0].function.name", "invalid_value"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"retrieval"}]}"#,
            "tools[0].type", "invalid_value"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":"required"}"#, "tool_choice",
            "invalid_value"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":{"type":"function","function":{"name":"b"}}}"#,
            "tool_choice", "invalid_value"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tradition":"baptist"}"#, "tradition",
            "invalid_value"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}"#, "stop",
            "array_above_max_length"
        ),
        (#"{"model":5,"messages":[{"role":"user","content":"x"}]}"#, "model", "invalid_type"),
    ])
    func namesTheParameterAtFault(body: String, param: String, reason: String) {
        let error = failure(body)
        #expect(error?.param == param)
        #expect(error?.reason == reason)
    }

    @Test func badTraditionIsUnprocessableAsGlooAnswers() {
        #expect(
            failure(#"{"model":"m","messages":[{"role":"user","content":"x"}],"tradition":"x"}"#)?.code
                == .unprocessable)
    }

    @Test func keepsUnknownFieldsForForwarding() throws {
        let request = try parse(
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"seed":7,"logit_bias":{"50256":-100}}"#)
        #expect(request.fields["seed"] == .integer(7))
        #expect(request.fields["logit_bias"] == ["50256": -100])
    }

    @Test func readsToolsAndToolHistory() throws {
        let request = try parse(
            #"""
            {"model":"m","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "messages":[{"role":"user","content":"Weather?"},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
                         {"role":"tool","tool_call_id":"call_1","content":"18C"}]}
            """#)
        #expect(request.tools?.first?.function.name == "get_weather")
        #expect(request.toolChoice == .function(name: "get_weather"))
        #expect(request.messages[1].toolCalls?.first?.function.arguments == #"{"location":"Paris"}"#)
        #expect(request.messages[2].toolCallID == "call_1")
    }

    @Test func streamOptionsIncludeUsageIsRead() throws {
        let request = try parse(
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true}}"#
        )
        #expect(request.isStreaming)
        #expect(request.includesStreamUsage)
    }
}
