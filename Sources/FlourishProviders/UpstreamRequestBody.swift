import FlourishAPI

/// The JSON body sent to an OpenAI-compatible upstream: the caller's fields (unknown ones included), minus
/// Gloo's, with the upstream model name, the composed messages and the reasoning-model rules applied.
struct UpstreamRequestBody {
    var fields: [String: JSONValue]
    var messages: [ChatMessage]

    init(call: ProviderCall) {
        var fields = call.request.fields
        for key in ChatRequest.glooKeys { fields.removeValue(forKey: key) }
        fields.removeValue(forKey: "messages")
        fields["model"] = .string(call.upstreamModel)
        if call.request.isStreaming {
            // Usage is always asked for so metrics count tokens; the caller sees it only if it asked too.
            var options = fields["stream_options"]?.objectValue ?? [:]
            options["include_usage"] = true
            fields["stream_options"] = .object(options)
        }
        if call.usesReasoningParameters {
            // OpenAI reasoning models refuse max_tokens and any non-default sampling.
            if let maxTokens = fields.removeValue(forKey: "max_tokens"), fields["max_completion_tokens"] == nil {
                fields["max_completion_tokens"] = maxTokens
            }
            for key in ["temperature", "top_p"] where fields[key]?.numberValue != 1 {
                fields.removeValue(forKey: key)
            }
        }
        self.fields = fields
        self.messages = call.request.messages
    }

    /// The body's bytes, written by Flourish's own JSON writer.
    var bytes: [UInt8] {
        var object = fields
        object["messages"] = .array(messages.map(\.json))
        return JSONValue.object(object).jsonBytes
    }
}
