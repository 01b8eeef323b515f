import FlourishAPI
import FlourishProviders
import FlourishRouting
import FlourishValues
import Foundation
import Hummingbird
import Logging
import NIOCore

/// POST /ai/v2/chat/completions: validate, route, compose the perspective, call the provider, and answer
/// with routing metadata, whole or streamed.
struct ChatCompletionsController: Sendable {
    let router: FlourishRouting.Router
    let providers: ProviderDirectory
    let composer: PerspectiveComposer
    let metrics: GatewayMetrics
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<FlourishRequestContext>) {
        group.post("chat/completions", use: create)
    }

    @Sendable func create(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw GatewayError(
                .payloadTooLarge, "The request body is larger than the limit of \(maxBodyBytes) bytes.",
                reason: "request_too_large")
        }
        let chat = try ChatRequest(bytes: body.readableBytesView)
        let decision = try router.route(chat, available: providers.routableModelIDs)
        var composed = chat
        composed.messages = composer.compose(chat.messages, tradition: chat.tradition)
        var logger = context.logger
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
            let (chunks, model, provider) = try await caller.firstAnswer(
                plan: decision.plan, attempts: &attempts, logger: logger
            ) { provider, model throws(GatewayError) in try await provider.stream(call(for: model), logger: logger) }
            logger[metadataKey: "model"] = .string(model.id)
            logger[metadataKey: "provider"] = .string(provider.settings.name)
            let writer = ChatStreamWriter(
                completionID: CompletionID.make(), created: Int(Date().timeIntervalSince1970), modelID: model.id,
                metadata: decision.served(by: model).metadata(
                    providerName: provider.settings.name, tradition: chat.tradition),
                includesUsage: chat.includesStreamUsage)
            var response = streamResponse(chunks, writer: writer, requestBody: request.body, logger: logger)
            response.headers[.flourishAttempts] = attempts.headerValue
            return response
        }

        var (completion, model, provider) = try await caller.firstAnswer(
            plan: decision.plan, attempts: &attempts, logger: logger
        ) { provider, model throws(GatewayError) in try await provider.complete(call(for: model), logger: logger) }
        if let usage = completion.usage {
            metrics.recordUsage(
                model: model.id, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
        }
        completion.id = CompletionID.make()
        completion.model = model.id
        completion.routing = decision.served(by: model).metadata(
            providerName: provider.settings.name, tradition: chat.tradition)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .flourishAttempts: attempts.headerValue],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONCoding.encode(completion))))
    }

    /// Relays chunks as they arrive; a client that leaves cancels the upstream request at once.
    private func streamResponse(
        _ chunks: ChatChunkStream, writer: ChatStreamWriter, requestBody: RequestBody, logger: Logger
    ) -> Response {
        let metrics = self.metrics
        let body = ResponseBody { output in
            try await requestBody.consumeWithCancellationOnInboundClose { _ in
                var needsRole = true
                do {
                    for try await chunk in chunks {
                        if let usage = chunk.usage {
                            metrics.recordUsage(
                                model: writer.modelID, promptTokens: usage.promptTokens,
                                completionTokens: usage.completionTokens)
                        }
                        guard let rewritten = writer.rewrite(chunk, needsRole: needsRole) else { continue }
                        if !rewritten.choices.isEmpty { needsRole = false }
                        try await output.write(try writer.event(rewritten))
                    }
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    let failure =
                        error as? GatewayError
                        ?? GatewayError(
                            .upstreamFailed, "The provider's stream broke before the answer was complete.",
                            reason: "provider_stream_error",
                            underlying: error)
                    logger.warning("Stream failed", metadata: ["error.message": .string(failure.message)])
                    try await output.write(try writer.event(writer.errorChunk(failure)))
                }
                try await output.write(ChatStreamWriter.done)
            }
            try await output.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("x-accel-buffering")!: "no"],
            body: body)
    }
}

/// Completion ids in Gloo's form: `gen-<unix seconds>-<20 letters and digits>`.
enum CompletionID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func make(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let suffix = String(decoding: (0..<20).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
        return "gen-\(Int(now.timeIntervalSince1970))-\(suffix)"
    }
}
