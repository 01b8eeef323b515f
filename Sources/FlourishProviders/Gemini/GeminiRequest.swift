import FlourishAPI
import Foundation

/// Builds a Gemini `generateContent` request from the internal chat request.
///
/// System and developer messages become `systemInstruction`; assistant turns are role `model`; tool calls
/// and results become `functionCall` / `functionResponse` parts, results matched to their call's name.
package enum GeminiRequest {
    package static func body(for call: ProviderCall) throws(GatewayError) -> JSONValue {
        let request = call.request
        var body: [String: JSONValue] = ["contents": .array(try contents(request.messages))]
        let system = request.messages.filter { $0.role == .system || $0.role == .developer }
            .compactMap { $0.content?.plainText }.filter { !$0.isEmpty }
        if !system.isEmpty {
            body["systemInstruction"] = ["parts": [["text": .string(system.joined(separator: "\n\n"))]]]
        }
        if let tools = request.tools, !tools.isEmpty {
            body["tools"] = [
                [
                    "functionDeclarations": .array(
                        tools.map { tool in
                            var declaration: [String: JSONValue] = ["name": .string(tool.function.name)]
                            if let description = tool.function.description {
                                declaration["description"] = .string(description)
                            }
                            if let parameters = tool.function.parameters {
                                declaration["parametersJsonSchema"] = parameters
                            }
                            return .object(declaration)
                        })
                ]
            ]
            let config: JSONValue =
                switch request.toolChoice {
                case .none?: ["mode": "NONE"]
                case .required?: ["mode": "ANY"]
                case .function(let name)?: ["mode": "ANY", "allowedFunctionNames": [.string(name)]]
                default: ["mode": "AUTO"]
                }
            body["toolConfig"] = ["functionCallingConfig": config]
        }
        body["generationConfig"] = .object(try generationConfig(request))
        return .object(body)
    }

    private static func generationConfig(_ request: ChatRequest) throws(GatewayError) -> [String: JSONValue] {
        var config: [String: JSONValue] = [:]
        if let temperature = request.temperature { config["temperature"] = .double(temperature) }
        if let topP = request.topP { config["topP"] = .double(topP) }
        if let maxTokens = request.maxTokens { config["maxOutputTokens"] = .integer(maxTokens) }
        if let stop = request.stop { config["stopSequences"] = .array(stop.map(JSONValue.string)) }
        if let n = request.fields["n"]?.integerValue, n > 1 { config["candidateCount"] = .integer(n) }
        if let seed = request.fields["seed"]?.integerValue { config["seed"] = .integer(seed) }
        for (field, key) in [("presence_penalty", "presencePenalty"), ("frequency_penalty", "frequencyPenalty")] {
            if let value = request.fields[field]?.numberValue { config[key] = .double(value) }
        }
        if request.fields["logprobs"]?.boolValue == true {
            throw GatewayError(
                .invalidValue, "Gemini models do not return log probabilities through this gateway.",
                param: "logprobs", reason: "unsupported_parameter")
        }
        switch request.responseFormat?["type"]?.stringValue {
        case "json_object":
            config["responseMimeType"] = "application/json"
        case "json_schema":
            config["responseMimeType"] = "application/json"
            if let schema = request.responseFormat?["json_schema"]?["schema"] { config["responseJsonSchema"] = schema }
        default:
            break
        }
        return config
    }

    private static func contents(_ messages: [ChatMessage]) throws(GatewayError) -> [JSONValue] {
        var turns = AlternatingTurns()
        var callNames: [String: String] = [:]
        for (index, message) in messages.enumerated() {
            let param = "messages[\(index)]"
            switch message.role {
            case .system, .developer:
                continue
            case .user:
                turns.append("user", try parts(message.content, param: "\(param).content"))
            case .assistant:
                var parts = try parts(message.content, param: "\(param).content")
                for call in message.toolCalls ?? [] {
                    callNames[call.id] = call.function.name
                    let args = try call.argumentObject(param: "\(param).tool_calls")
                    parts.append(["functionCall": ["name": .string(call.function.name), "args": args]])
                }
                turns.append("model", parts)
            case .tool:
                guard let id = message.toolCallID, let name = callNames[id] else {
                    throw GatewayError(
                        .invalidValue,
                        "The tool result's 'tool_call_id' does not match a tool call of an earlier assistant message.",
                        param: "\(param).tool_call_id", reason: "invalid_value")
                }
                let text = message.content?.plainText ?? ""
                let parsed = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
                let response: JSONValue = parsed?.objectValue != nil ? parsed! : ["content": .string(text)]
                turns.append("user", [["functionResponse": ["name": .string(name), "response": response]]])
            }
        }
        return turns.encoded(itemsKey: "parts")
    }

    private static func parts(_ content: MessageContent?, param: String) throws(GatewayError) -> [JSONValue] {
        switch content {
        case nil: return []
        case .text(let text): return text.isEmpty ? [] : [["text": .string(text)]]
        case .parts(let parts):
            var result: [JSONValue] = []
            for (index, part) in parts.enumerated() {
                switch part {
                case .text(let text):
                    result.append(["text": .string(text)])
                case .imageURL(let url, _):
                    result.append(try image(url, param: "\(param)[\(index)].image_url.url"))
                case .other(let object):
                    throw GatewayError(
                        .invalidValue,
                        "Gemini models do not accept '\(object["type"]?.stringValue ?? "unknown")' content parts through this gateway.",
                        param: "\(param)[\(index)].type", reason: "unsupported_parameter")
                }
            }
            return result
        }
    }

    /// A data URL becomes `inlineData`; an http(s) URL `fileData`, whose MIME type Gemini needs.
    private static func image(_ url: String, param: String) throws(GatewayError) -> JSONValue {
        if let image = DataURL(url) {
            return ["inlineData": ["mimeType": .string(image.mediaType), "data": .string(image.base64)]]
        }
        let types = [
            "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif",
        ]
        let path = url.split(separator: "?").first.map(String.init) ?? url
        guard url.hasPrefix("http://") || url.hasPrefix("https://"),
            let type = types[(path as NSString).pathExtension.lowercased()]
        else {
            throw GatewayError(
                .invalidValue,
                "Gemini needs an image as a data: URL, or an http(s) URL ending in .jpg, .jpeg, .png, .webp or .gif.",
                param: param, reason: "invalid_value")
        }
        return ["fileData": ["mimeType": .string(type), "fileUri": .string(url)]]
    }
}
