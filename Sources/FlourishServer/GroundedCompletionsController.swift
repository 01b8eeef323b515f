import FlourishAPI
import FlourishAuth
import FlourishGrounding
import FlourishStore
import Hummingbird
import Logging
import NIOCore

/// POST /ai/v2/chat/completions/grounded: retrieve the publisher's passages for the last user message, put
/// them before the conversation with the instruction to answer from them and cite them, and answer as
/// Completions V2 does, adding `sources_returned` and, when asked, `citations`.
struct GroundedCompletionsController: Sendable {
    let responder: CompletionResponder
    let grounding: GroundingServices
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<FlourishRequestContext>) {
        group.post("chat/completions/grounded", use: create)
    }

    @Sendable func create(request: Request, context: FlourishRequestContext) async throws -> Response {
        let timing = ServerTiming()
        var request = request
        let body = try await request.collectBody(limit: maxBodyBytes)
        let grounded = try await OffLoopWork.run(sized: body.readableBytes) { () throws(GatewayError) in
            try GroundedRequest(bytes: body.readableBytesView)
        }
        guard let name = grounded.publisher else {
            // Gloo answers without retrieval when no publisher is named.
            let result = GroundingResult(sourcesReturned: false, citations: grounded.includesCitations ? [] : nil)
            return try await responder.respond(
                to: grounded.chat, grounding: .init(instructions: nil, result: result, streamPreamble: nil),
                values: .applied(clientID: context.client?.clientID), timing: timing,
                logger: context.logger)
        }
        let publisher = try await grounding.readablePublisher(named: name, by: context.client!)
        let retriever = try await grounding.retriever()
        let query = grounded.chat.messages.last { $0.role == .user }?.content?.plainText ?? ""
        let tradition = grounded.chat.tradition.flatMap { $0 == .notFaithSpecific ? nil : $0.rawValue }
        let hits = try await grounding.lookUp { () async throws(StoreError) in
            try await retriever.search(
                query, in: publisher, limit: grounded.sourcesLimit, tradition: tradition, relevantOnly: true)
        }
        let prompt = GroundedPrompt(publisher: publisher.name, hits: hits)
        let citations = grounded.includesCitations ? prompt.citations : nil
        let preamble =
            grounded.chat.isStreaming
            ? try citations.map {
                try ChatStreamWriter.event(CitationsEvent(citations: $0, sourcesReturned: !hits.isEmpty))
            }
            : nil
        context.logger.debug(
            "Retrieved", metadata: ["publisher": .string(publisher.name), "passages": .stringConvertible(hits.count)])
        return try await responder.respond(
            to: grounded.chat,
            grounding: .init(
                instructions: prompt.instructions,
                result: GroundingResult(sourcesReturned: !hits.isEmpty, citations: citations),
                streamPreamble: preamble),
            values: .applied(clientID: context.client?.clientID), timing: timing,
            logger: context.logger)
    }
}
