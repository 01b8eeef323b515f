import FlourishAPI
import FlourishProviders
import FlourishRouting
import FlourishValues
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Routes a validated request, composes the perspective, calls the plan's models with fallbacks, and answers
/// with routing metadata, whole or streamed. Shared by plain and grounded completions.
struct CompletionResponder: Sendable {
    let router: FlourishRouting.Router
    let providers: ProviderDirectory
    let composer: PerspectiveComposer
    let safety: SafetyGate
    let metrics: GatewayMetrics
    /// How streamed answers are read, and when a quiet upstream gets a heartbeat.
    let relay: StreamRelay

    /// Whether the values layer (screening and the tradition's perspective) shapes a request.
    enum Values: Sendable {
        case applied(clientID: String?)
        /// The direct route: the request goes to the model as sent.
        case off
    }

    /// What grounded completions add: instructions after the perspective, the result fields, and for streams
    /// a first event.
    struct Grounding: Sendable {
        /// A system message placed after the perspective, before the conversation.
        var instructions: ChatMessage?
        var result: GroundingResult
        var streamPreamble: ByteBuffer?
    }

    func respond(
        to chat: ChatRequest, grounding: Grounding? = nil, values: Values, timing: ServerTiming, logger: Logger
    ) async throws -> Response {
        var timing = timing
        var screening = Screening()
        if case .applied(let clientID) = values {
            let screenStart = ContinuousClock.now
            let decision = await safety.screenInput(chat.messages, clientID: clientID)
            timing.safety = ContinuousClock.now - screenStart
            switch decision {
            case .reply(let text, let action, let findings):
                logger.info(
                    "Answered by the values layer",
                    metadata: [
                        "safety.action": .string(action.rawValue),
                        "safety.categories": .string(
                            findings.map(\.category.rawValue).joined(separator: ",")),
                    ])
                metrics.recordSafety(findings.map(\.reported))
                var response = try SafetyReply(text: text, action: action, findings: findings, chat: chat)
                    .response(grounding: grounding?.result)
                response.headers[.serverTiming] = timing.headerValue()
                return response
            case .proceed(let findings):
                screening.input = findings.reported
                metrics.recordSafety(screening.input)
            }
            screening.output = safety.outputGuard(clientID: clientID)
        }
        let routingStart = ContinuousClock.now
        let decision = try router.route(chat, available: providers.routableModelIDs)
        timing.routing = ContinuousClock.now - routingStart
        var composed = chat
        if case .applied = values {
            composed.messages = composer.compose(chat.messages, tradition: chat.tradition)
        }
        if let instructions = grounding?.instructions {
            let firstTurn = composed.messages.firstIndex { $0.role != .system && $0.role != .developer }
            composed.messages.insert(instructions, at: firstTurn ?? composed.messages.endIndex)
        }
        var logger = logger
        logger.debug(
            "Routed", metadata: ["model": .string(decision.model.id), "routing.reason": .string(decision.reason)])
        func call(for model: CatalogModel) -> ProviderCall {
            ProviderCall(
                request: composed, upstreamModel: model.upstreamModel,
                usesReasoningParameters: model.usesReasoningParameters, defaultMaxTokens: model.maxOutputTokens)
        }
        let caller = FallbackCaller(providers: providers, metrics: metrics)
        var attempts = AttemptLog()

        if chat.isStreaming {
            let (chunks, model, provider) = try await timing.waitingForUpstream {
                try await caller.firstAnswer(plan: decision.plan, attempts: &attempts, logger: logger) {
                    provider, model throws(GatewayError) in try await provider.stream(call(for: model), logger: logger)
                }
            }
            logger[metadataKey: "model"] = .string(model.id)
            logger[metadataKey: "provider"] = .string(provider.settings.name)
            let writer = ChatStreamWriter(
                completionID: CompletionID.make(), created: Int(Date().timeIntervalSince1970), modelID: model.id,
                metadata: decision.served(by: model).metadata(
                    providerName: provider.settings.name, tradition: chat.tradition),
                includesUsage: chat.includesStreamUsage)
            var response = streamResponse(
                chunks, writer: writer, preamble: grounding?.streamPreamble, screening: screening, logger: logger)
            response.headers[.flourishAttempts] = attempts.headerValue
            response.headers[.serverTiming] = timing.headerValue()
            return response
        }

        var (completion, model, provider) = try await timing.waitingForUpstream {
            try await caller.firstAnswer(plan: decision.plan, attempts: &attempts, logger: logger) {
                provider, model throws(GatewayError) in try await provider.complete(call(for: model), logger: logger)
            }
        }
        if let usage = completion.usage {
            metrics.recordUsage(
                model: model.id, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
        }
        completion.id = CompletionID.make()
        completion.model = model.id
        completion.routing = decision.served(by: model).metadata(
            providerName: provider.settings.name, tradition: chat.tradition)
        completion.grounding = grounding?.result
        screening.screen(&completion)
        metrics.recordSafety(completion.safety?.findings.filter { $0.stage == .output } ?? [])
        let body = ByteBuffer(bytes: completion.json.jsonBytes)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json", .flourishAttempts: attempts.headerValue,
                .serverTiming: timing.headerValue(),
            ],
            body: .init(byteBuffer: body))
    }

    /// Relays chunks as they arrive, those of one upstream read in one write, and an SSE comment when the upstream
    /// is quiet (`relay`).
    ///
    /// A client that leaves makes the next write fail, which ends the relay and with it the upstream request.
    /// The connection stays open for the client's next request; watching for the client's close instead would
    /// cost that (Hummingbird closes a connection whose inbound side it watched).
    private func streamResponse(
        _ chunks: ChatChunkStream, writer: ChatStreamWriter, preamble: ByteBuffer?, screening: Screening,
        logger: Logger
    ) -> Response {
        let metrics = self.metrics
        let relay = self.relay
        let body = ResponseBody { output in
            var needsRole = true
            var screening = screening
            var failure: GatewayError?
            if let preamble { try await output.write(preamble) }
            try await relay.run(chunks) { event in
                let batch: [ChatChunk]
                switch event {
                case .quiet:
                    try await output.write(ChatStreamWriter.heartbeat)
                    return .next
                case .failed(let error):
                    failure =
                        error as? GatewayError
                        ?? GatewayError(
                            .upstreamFailed, "The provider's stream broke before the answer was complete.",
                            reason: "provider_stream_error", underlying: error)
                    return .stop
                case .chunks(let chunks):
                    batch = chunks
                }
                var events = ByteBuffer()
                var stopped = false
                for chunk in batch {
                    if let usage = chunk.usage {
                        metrics.recordUsage(
                            model: writer.modelID, promptTokens: usage.promptTokens,
                            completionTokens: usage.completionTokens)
                    }
                    guard var rewritten = writer.rewrite(chunk, needsRole: needsRole) else { continue }
                    if !rewritten.choices.isEmpty { needsRole = false }
                    stopped = screening.screen(&rewritten)
                    ChatStreamWriter.append(rewritten, to: &events)
                    if stopped {
                        metrics.recordSafety(rewritten.safety?.findings.filter { $0.stage == .output } ?? [])
                        logger.info("Answer stopped by the values layer")
                        break
                    }
                }
                if events.readableBytes > 0 { try await output.write(events) }
                return stopped ? .stop : .next
            }
            if let failure {
                logger.warning("Stream failed", metadata: ["error.message": .string(failure.message)])
                try await output.write(writer.event(writer.errorChunk(failure)))
            }
            try await output.write(ChatStreamWriter.done)
            try await output.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("x-accel-buffering")!: "no"],
            body: body)
    }
}
