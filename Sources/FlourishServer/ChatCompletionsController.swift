import FlourishAPI
import FlourishProviders
import FlourishRouting
import FlourishValues
import Foundation
import Hummingbird
import Logging
import NIOCore

/// POST /ai/v2/chat/completions: validate, then route, compose and answer through `CompletionResponder`.
struct ChatCompletionsController: Sendable {
    let responder: CompletionResponder
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<FlourishRequestContext>) {
        group.post("chat/completions", use: create)
    }

    @Sendable func create(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(limit: maxBodyBytes)
        let chat = try ChatRequest(bytes: body.readableBytesView)
        return try await responder.respond(to: chat, requestBody: request.body, logger: context.logger)
    }
}

extension Request {
    /// The whole body, or 413 in the error envelope past `limit` bytes.
    mutating func collectBody(limit: Int) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw GatewayError(
                .payloadTooLarge, "The request body is larger than the limit of \(limit) bytes.",
                reason: "request_too_large")
        }
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
