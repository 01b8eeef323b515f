import FlourishAPI
import Foundation

/// Translates Gemini `GenerateContentResponse`s, whole or streamed, into OpenAI shapes.
package enum GeminiResponse {
    /// The OpenAI finish reason for a Gemini one; any function call makes it `tool_calls`.
    package static func finishReason(_ reason: String?, hasToolCalls: Bool) -> String? {
        switch reason {
        case nil: nil
        case "STOP": hasToolCalls ? "tool_calls" : "stop"
        case "MAX_TOKENS": "length"
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY": "content_filter"
        default: hasToolCalls ? "tool_calls" : "stop"
        }
    }

    static func usage(_ metadata: JSONValue?) -> Usage? {
        guard let metadata else { return nil }
        let thoughts = metadata["thoughtsTokenCount"]?.integerValue ?? 0
        let cached = metadata["cachedContentTokenCount"]?.integerValue
        return Usage(
            promptTokens: metadata["promptTokenCount"]?.integerValue ?? 0,
            completionTokens: Usage.sum(metadata["candidatesTokenCount"]?.integerValue ?? 0, thoughts),
            cachedTokens: cached, reasoningTokens: thoughts > 0 ? thoughts : nil)
    }

    /// Text and function calls of one candidate's parts; thought summaries are left out.
    static func content(of candidate: JSONValue, callIDs: inout CallIDs) -> (text: String, calls: [ToolCall]) {
        var text = ""
        var calls: [ToolCall] = []
        for part in candidate["content"]?["parts"]?.arrayValue ?? [] {
            if part["thought"]?.boolValue == true { continue }
            if let piece = part["text"]?.stringValue { text += piece }
            if let call = part["functionCall"] {
                calls.append(
                    ToolCall(
                        id: call["id"]?.stringValue ?? callIDs.next(),
                        function: .init(
                            name: call["name"]?.stringValue ?? "",
                            arguments: AnthropicResponse.encodedArguments(call["args"] ?? [:]))))
            }
        }
        return (text, calls)
    }

    package static func completion(_ response: JSONValue, providerName: String) throws(GatewayError) -> ChatCompletion {
        var callIDs = CallIDs()
        let candidates = response["candidates"]?.arrayValue ?? []
        let choices: [ChatCompletion.Choice]
        if candidates.isEmpty {
            // A blocked prompt has feedback and no candidates.
            guard response["promptFeedback"]?["blockReason"] != nil else {
                throw GatewayError(
                    .upstreamFailed, "The provider \(providerName) returned no answer.", reason: "provider_bad_response"
                )
            }
            choices = [.init(index: 0, message: .init(content: ""), finishReason: "content_filter")]
        } else {
            choices = candidates.enumerated().map { index, candidate in
                let (text, calls) = content(of: candidate, callIDs: &callIDs)
                return .init(
                    index: candidate["index"]?.integerValue ?? index,
                    message: .init(
                        content: text.isEmpty && !calls.isEmpty ? nil : text, toolCalls: calls.isEmpty ? nil : calls),
                    finishReason: finishReason(candidate["finishReason"]?.stringValue, hasToolCalls: !calls.isEmpty))
            }
        }
        return ChatCompletion(
            id: response["responseId"]?.stringValue ?? "", created: Int(Date().timeIntervalSince1970),
            model: response["modelVersion"]?.stringValue ?? "", choices: choices,
            usage: usage(response["usageMetadata"]))
    }
}

/// Tool-call ids for providers that do not give one: `call_<random>_<n>`, stable within one response.
struct CallIDs {
    private let prefix = "call_" + String(UInt64.random(in: .min ... .max), radix: 36)
    private var count = 0

    mutating func next() -> String {
        defer { count += 1 }
        return "\(prefix)_\(count)"
    }
}

/// Turns Gemini's streamed responses into chunks: role first, text deltas, each function call whole as one
/// tool-call delta, the finish reason, then usage.
package struct GeminiStreamTranslator: StreamTranslator {
    package let providerName: String
    private var callIDs = CallIDs()
    private var toolCount = 0
    private var sentRole = false
    private var usage: Usage?
    package private(set) var finishReason: String?

    package init(providerName: String) {
        self.providerName = providerName
    }

    package mutating func chunks(for response: JSONValue) throws(GatewayError) -> [ChatChunk] {
        if let error = response["error"] {
            throw GatewayError(
                .upstreamFailed,
                "The provider \(providerName) failed during the stream: \(error["message"]?.stringValue ?? "unknown error")",
                reason: "provider_stream_error")
        }
        usage = GeminiResponse.usage(response["usageMetadata"]) ?? usage
        var chunks: [ChatChunk] = []
        if !sentRole {
            sentRole = true
            chunks.append(chunk(.init(role: "assistant", content: "")))
        }
        guard let candidate = response["candidates"]?.arrayValue?.first else {
            if response["promptFeedback"]?["blockReason"] != nil {
                finishReason = "content_filter"
                chunks.append(chunk(.init(), finishReason: "content_filter"))
            }
            return chunks
        }
        let (text, calls) = GeminiResponse.content(of: candidate, callIDs: &callIDs)
        if !text.isEmpty { chunks.append(chunk(.init(content: text))) }
        if !calls.isEmpty {
            let deltas = calls.map { call in
                defer { toolCount += 1 }
                return ToolCallDelta(
                    index: toolCount, id: call.id, type: "function",
                    function: .init(name: call.function.name, arguments: call.function.arguments))
            }
            chunks.append(chunk(.init(toolCalls: deltas)))
        }
        if let reason = GeminiResponse.finishReason(
            candidate["finishReason"]?.stringValue, hasToolCalls: toolCount > 0)
        {
            finishReason = reason
            chunks.append(chunk(.init(), finishReason: reason))
        }
        return chunks
    }

    /// Gemini never says a stream is over; it closes it.
    package var isFinished: Bool { false }

    /// A closed stream is whole when a finish reason came; then the usage chunk closes it.
    package mutating func end() throws(GatewayError) -> [ChatChunk] {
        guard finishReason != nil else {
            throw GatewayError(
                .upstreamFailed, "The provider \(providerName) ended the stream before the answer was complete.",
                reason: "provider_stream_truncated")
        }
        return usageChunk().map { [$0] } ?? []
    }

    /// The usage chunk that closes a stream, when the provider reported usage.
    package func usageChunk() -> ChatChunk? {
        usage.map { ChatChunk(id: "", created: 0, model: "", choices: [], usage: $0) }
    }

    private func chunk(_ delta: ChatChunk.Delta, finishReason: String? = nil) -> ChatChunk {
        ChatChunk(id: "", created: 0, model: "", choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
    }
}
