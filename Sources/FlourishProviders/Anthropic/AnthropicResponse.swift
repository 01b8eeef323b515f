import FlourishAPI
import Foundation

/// Translates Anthropic Messages responses and stream events into OpenAI shapes.
package enum AnthropicResponse {
    /// The OpenAI finish reason for an Anthropic stop reason.
    package static func finishReason(_ stopReason: String?) -> String? {
        switch stopReason {
        case nil: nil
        case "end_turn", "stop_sequence", "pause_turn": "stop"
        case "max_tokens", "model_context_window_exceeded": "length"
        case "tool_use": "tool_calls"
        case "refusal": "content_filter"
        default: "stop"
        }
    }

    /// Usage from Anthropic's counts; cache reads and writes are prompt tokens too.
    package static func usage(_ usage: JSONValue?, outputTokens: Int? = nil) -> Usage? {
        guard let usage else { return nil }
        let cacheRead = usage["cache_read_input_tokens"]?.integerValue ?? 0
        let prompt = Usage.sum(
            usage["input_tokens"]?.integerValue ?? 0, cacheRead, usage["cache_creation_input_tokens"]?.integerValue ?? 0
        )
        return Usage(
            promptTokens: prompt, completionTokens: outputTokens ?? usage["output_tokens"]?.integerValue ?? 0,
            cachedTokens: cacheRead > 0 ? cacheRead : nil)
    }

    package static func completion(_ message: JSONValue, providerName: String) throws(GatewayError) -> ChatCompletion {
        guard let blocks = message["content"]?.arrayValue else {
            throw GatewayError(
                .upstreamFailed, "The provider \(providerName) returned a response Flourish could not read.",
                reason: "provider_bad_response")
        }
        var text = ""
        var calls: [ToolCall] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use":
                calls.append(
                    ToolCall(
                        id: block["id"]?.stringValue ?? "",
                        function: .init(
                            name: block["name"]?.stringValue ?? "", arguments: encodedArguments(block["input"]))))
            default: continue  // thinking and other blocks are not part of the OpenAI message
            }
        }
        let assistant = AssistantMessage(
            content: text.isEmpty && !calls.isEmpty ? nil : text, toolCalls: calls.isEmpty ? nil : calls)
        return ChatCompletion(
            id: message["id"]?.stringValue ?? "", created: Int(Date().timeIntervalSince1970),
            model: message["model"]?.stringValue ?? "",
            choices: [
                .init(index: 0, message: assistant, finishReason: finishReason(message["stop_reason"]?.stringValue))
            ],
            usage: usage(message["usage"]))
    }

    static func encodedArguments(_ input: JSONValue?) -> String {
        guard let input, let data = try? JSONCoding.encode(input) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Turns Anthropic stream events into chunks: role first, text and tool-call deltas as they come, the finish
/// reason, then usage. Tool calls are numbered in the order their blocks start.
package struct AnthropicStreamTranslator: StreamTranslator {
    package let providerName: String
    private var toolIndexByBlock: [Int: Int] = [:]
    private var promptUsage: JSONValue?
    private var outputTokens = 0
    package private(set) var isFinished = false

    package init(providerName: String) {
        self.providerName = providerName
    }

    /// Anthropic ends a whole answer with `message_stop`; a body that ends before it was cut short.
    package mutating func end() throws(GatewayError) -> [ChatChunk] {
        throw GatewayError(
            .upstreamFailed, "The provider \(providerName) ended the stream before the answer was complete.",
            reason: "provider_stream_truncated")
    }

    /// The chunks one event produces (often none).
    package mutating func chunks(for event: JSONValue) throws(GatewayError) -> [ChatChunk] {
        switch event["type"]?.stringValue {
        case "message_start":
            promptUsage = event["message"]?["usage"]
            return [chunk(.init(role: "assistant", content: ""))]
        case "content_block_start":
            guard let block = event["content_block"], block["type"] == "tool_use",
                let index = event["index"]?.integerValue
            else { return [] }
            let toolIndex = toolIndexByBlock.count
            toolIndexByBlock[index] = toolIndex
            let delta = ToolCallDelta(
                index: toolIndex, id: block["id"]?.stringValue, type: "function",
                function: .init(name: block["name"]?.stringValue, arguments: ""))
            return [chunk(.init(toolCalls: [delta]))]
        case "content_block_delta":
            let delta = event["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta":
                return [chunk(.init(content: delta?["text"]?.stringValue ?? ""))]
            case "input_json_delta":
                guard let index = event["index"]?.integerValue, let toolIndex = toolIndexByBlock[index] else {
                    return []
                }
                let fragment = ToolCallDelta(
                    index: toolIndex, function: .init(arguments: delta?["partial_json"]?.stringValue ?? ""))
                return [chunk(.init(toolCalls: [fragment]))]
            default:
                return []
            }
        case "message_delta":
            outputTokens = event["usage"]?["output_tokens"]?.integerValue ?? outputTokens
            guard let reason = AnthropicResponse.finishReason(event["delta"]?["stop_reason"]?.stringValue) else {
                return []
            }
            return [chunk(.init(), finishReason: reason)]
        case "message_stop":
            isFinished = true
            guard let usage = AnthropicResponse.usage(promptUsage, outputTokens: outputTokens) else { return [] }
            return [ChatChunk(id: "", created: 0, model: "", choices: [], usage: usage)]
        case "error":
            let type = event["error"]?["type"]?.stringValue
            let message = event["error"]?["message"]?.stringValue ?? "unknown error"
            throw GatewayError(
                type == "overloaded_error" ? .providerUnavailable : .upstreamFailed,
                "The provider \(providerName) failed during the stream: \(message)", reason: "provider_stream_error")
        default:
            return []  // ping, content_block_stop, and event types added later
        }
    }

    private func chunk(_ delta: ChatChunk.Delta, finishReason: String? = nil) -> ChatChunk {
        ChatChunk(id: "", created: 0, model: "", choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
    }
}
