import FlourishAPI
import FlourishRouting
import FlourishValues
import Foundation
import Hummingbird
import NIOCore

/// The answer the values layer gives instead of a model's: care with crisis resources, or a refusal. No
/// provider is called; `model` is empty, as on Gloo's guardrail answers.
struct SafetyReply: Sendable {
    let text: String
    let action: SafetyAction
    let findings: [SafetyFinding]
    let chat: ChatRequest

    func response(grounding: GroundingResult?) throws -> Response {
        let id = CompletionID.make()
        let created = Int(Date().timeIntervalSince1970)
        let finishReason = action == .block ? "content_filter" : "stop"
        let report = SafetyReport(findings: findings.reported)
        let metadata = RoutingMetadata(
            provider: "flourish", modelFamily: "", autoRouting: chat.routing == .auto,
            routingMechanism: RoutingMechanism(chat.routing).rawValue, routingTier: nil, routingConfidence: nil,
            tradition: chat.tradition)
        guard chat.isStreaming else {
            var completion = ChatCompletion(
                id: id, created: created, model: "",
                choices: [.init(index: 0, message: AssistantMessage(content: text), finishReason: finishReason)],
                usage: Usage(promptTokens: 0, completionTokens: 0))
            completion.routing = metadata
            completion.grounding = grounding.map {
                .init(sourcesReturned: false, citations: $0.citations.map { _ in [] })
            }
            completion.safety = report
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: completion.json.jsonBytes)))
        }
        func chunk(_ delta: ChatChunk.Delta, finishReason: String?) -> ChatChunk {
            var chunk = ChatChunk(
                id: id, created: created, model: "",
                choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
            chunk.routing = metadata
            chunk.safety = report
            return chunk
        }
        var body = ByteBuffer()
        body.writeImmutableBuffer(
            ChatStreamWriter.event(chunk(.init(role: "assistant", content: text), finishReason: nil)))
        body.writeImmutableBuffer(ChatStreamWriter.event(chunk(.init(), finishReason: finishReason)))
        if chat.includesStreamUsage {
            var usage = ChatChunk(
                id: id, created: created, model: "", choices: [], usage: Usage(promptTokens: 0, completionTokens: 0))
            usage.routing = metadata
            body.writeImmutableBuffer(ChatStreamWriter.event(usage))
        }
        body.writeImmutableBuffer(ChatStreamWriter.done)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: .init(byteBuffer: body))
    }
}
