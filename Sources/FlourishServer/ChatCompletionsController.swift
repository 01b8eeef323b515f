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
        let decision = try router.route(chat, available: providers.availableModelIDs)
        let provider = try providers.provider(for: decision.model)
        var composed = chat
        composed.messages = composer.compose(chat.messages, tradition: chat.tradition)
        let call = ProviderCall(
            request: composed, upstreamModel: decision.model.upstreamModel,
            usesReasoningParameters: decision.model.usesReasoningParameters,
            defaultMaxTokens: decision.model.maxOutputTokens)
        let metadata = decision.metadata(providerName: provider.settings.name, tradition: chat.tradition)
        var logger = context.logger
        logger[metadataKey: "model"] = .string(decision.model.id)
        logger[metadataKey: "provider"] = .string(provider.settings.name)
        logger.debug("Routed", metadata: ["routing.reason": .string(decision.reason)])

        if chat.isStreaming {
            let chunks = try await counted(provider: provider, model: decision.model.id) {
                () async throws(GatewayError) in
                try await provider.stream(call, logger: logger)
            }
            let writer = ChatStreamWriter(
                completionID: CompletionID.make(), created: Int(Date().timeIntervalSince1970),
                modelID: decision.model.id, metadata: metadata, includesUsage: chat.includesStreamUsage)
            return streamResponse(chunks, writer: writer, requestBody: request.body, logger: logger)
        }

        var completion = try await counted(provider: provider, model: decision.model.id) {
            () async throws(GatewayError) in try await provider.complete(call, logger: logger)
        }
        if let usage = completion.usage {
            metrics.recordUsage(
                model: decision.model.id, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
        }
        completion.id = CompletionID.make()
        completion.model = decision.model.id
        completion.routing = metadata
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONCoding.encode(completion))))
    }

    /// Runs an upstream call and counts its outcome: 200, the upstream's error status, or "error".
    private func counted<T>(
        provider: any ChatProvider, model: String, _ call: () async throws(GatewayError) -> T
    ) async throws(GatewayError) -> T {
        do {
            let result = try await call()
            metrics.recordUpstream(provider: provider.settings.name, model: model, status: "200")
            return result
        } catch {
            let status = error.upstreamStatus.map(String.init) ?? "error"
            metrics.recordUpstream(provider: provider.settings.name, model: model, status: status)
            throw error
        }
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
