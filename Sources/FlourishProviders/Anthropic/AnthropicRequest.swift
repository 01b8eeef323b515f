import FlourishAPI
import Foundation

/// Builds an Anthropic Messages request (`POST /v1/messages`) from the internal chat request.
///
/// System and developer messages become the top-level `system`; tool results become `tool_result` blocks in
/// a user turn; consecutive turns of one role are merged, since Anthropic requires alternation.
package enum AnthropicRequest {
    package static func body(for call: ProviderCall) throws(GatewayError) -> JSONValue {
        let request = call.request
        try rejectUnsupported(request)
        var body: [String: JSONValue] = [
            "model": .string(call.upstreamModel),
            "max_tokens": .integer(request.maxTokens ?? call.defaultMaxTokens),
            "messages": .array(try messages(request.messages)),
        ]
        let system = request.messages.filter { $0.role == .system || $0.role == .developer }
            .compactMap { $0.content?.plainText }.filter { !$0.isEmpty }
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        if request.isStreaming { body["stream"] = true }
        if let temperature = request.temperature {
            guard temperature <= 1 else {
                throw GatewayError(
                    .invalidValue, "Anthropic models accept 'temperature' from 0 to 1, but got \(temperature).",
                    param: "temperature", reason: "unsupported_value")
            }
            body["temperature"] = .double(temperature)
        }
        if let topP = request.topP { body["top_p"] = .double(topP) }
        if let stop = request.stop { body["stop_sequences"] = .array(stop.map(JSONValue.string)) }
        if let user = request.user { body["metadata"] = ["user_id": .string(user)] }
        if let tools = request.tools, !tools.isEmpty, request.toolChoice != .some(.none) {
            body["tools"] = .array(
                tools.map { tool in
                    var entry: [String: JSONValue] = [
                        "name": .string(tool.function.name),
                        "input_schema": tool.function.parameters ?? ["type": "object", "properties": [:]],
                    ]
                    if let description = tool.function.description { entry["description"] = .string(description) }
                    return .object(entry)
                })
            var choice: [String: JSONValue]
            switch request.toolChoice {
            case .required: choice = ["type": "any"]
            case .function(let name): choice = ["type": "tool", "name": .string(name)]
            default: choice = ["type": "auto"]
            }
            if request.parallelToolCalls == false { choice["disable_parallel_tool_use"] = true }
            body["tool_choice"] = .object(choice)
        }
        return .object(body)
    }

    /// Fields a caller would notice being ignored are refused by name.
    private static func rejectUnsupported(_ request: ChatRequest) throws(GatewayError) {
        if let format = request.responseFormat?["type"]?.stringValue, format != "text" {
            throw GatewayError(
                .invalidValue,
                "Anthropic models do not support 'response_format' \(format) on this gateway; describe the JSON you want in the prompt, or use another family.",
                param: "response_format", reason: "unsupported_parameter")
        }
        if let n = request.fields["n"]?.integerValue, n > 1 {
            throw GatewayError(
                .invalidValue, "Anthropic models return one choice; 'n' must be 1.", param: "n",
                reason: "unsupported_parameter")
        }
        if request.fields["logprobs"]?.boolValue == true {
            throw GatewayError(
                .invalidValue, "Anthropic models do not return log probabilities.", param: "logprobs",
                reason: "unsupported_parameter")
        }
    }

    private static func messages(_ messages: [ChatMessage]) throws(GatewayError) -> [JSONValue] {
        var turns = AlternatingTurns()
        for (index, message) in messages.enumerated() {
            switch message.role {
            case .system, .developer:
                continue
            case .user:
                turns.append("user", try blocks(message.content, param: "messages[\(index)].content"))
            case .assistant:
                var content = try blocks(message.content, param: "messages[\(index)].content")
                for (callIndex, call) in (message.toolCalls ?? []).enumerated() {
                    content.append([
                        "type": "tool_use", "id": .string(call.id), "name": .string(call.function.name),
                        "input": try call.argumentObject(
                            param: "messages[\(index)].tool_calls[\(callIndex)].function.arguments"),
                    ])
                }
                turns.append("assistant", content)
            case .tool:
                turns.append(
                    "user",
                    [
                        [
                            "type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""),
                            "content": .string(message.content?.plainText ?? ""),
                        ]
                    ])
            }
        }
        return turns.encoded(itemsKey: "content")
    }

    private static func blocks(_ content: MessageContent?, param: String) throws(GatewayError) -> [JSONValue] {
        switch content {
        case nil: return []
        case .text(let text): return text.isEmpty ? [] : [["type": "text", "text": .string(text)]]
        case .parts(let parts):
            var blocks: [JSONValue] = []
            for (index, part) in parts.enumerated() {
                switch part {
                case .text(let text):
                    blocks.append(["type": "text", "text": .string(text)])
                case .imageURL(let url, _):
                    blocks.append(["type": "image", "source": try imageSource(url, param: "\(param)[\(index)]")])
                case .other(let object):
                    let type = object["type"]?.stringValue ?? "unknown"
                    throw GatewayError(
                        .invalidValue, "Anthropic models do not accept '\(type)' content parts.",
                        param: "\(param)[\(index)].type", reason: "unsupported_parameter")
                }
            }
            return blocks
        }
    }

    /// A data URL becomes a base64 source; an http(s) URL a url source.
    static func imageSource(_ url: String, param: String) throws(GatewayError) -> JSONValue {
        if let image = DataURL(url) {
            return ["type": "base64", "media_type": .string(image.mediaType), "data": .string(image.base64)]
        }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw GatewayError(
                .invalidValue, "An image must be a data: URL or an http(s) URL.", param: "\(param).image_url.url",
                reason: "invalid_value")
        }
        return ["type": "url", "url": .string(url)]
    }
}

/// A `data:<media type>;base64,<data>` URL.
struct DataURL {
    var mediaType: String
    var base64: String

    init?(_ url: String) {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        guard header.hasSuffix(";base64") else { return nil }
        mediaType = String(header.dropLast(7))
        base64 = String(url[url.index(after: comma)...])
    }
}
