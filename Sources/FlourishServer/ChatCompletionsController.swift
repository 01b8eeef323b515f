import FlourishAPI
import FlourishAuth
import FlourishProviders
import FlourishRouting
import FlourishValues
import Foundation
import Hummingbird
import Logging
import NIOCore

/// POST /ai/v2/chat/completions: validate, then screen, route, compose and answer through `CompletionResponder`.
/// POST /ai/v2/direct/chat/completions: the same without the values layer, for clients whose policy allows it.
struct ChatCompletionsController: Sendable {
    let responder: CompletionResponder
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<FlourishRequestContext>) {
        group.post("chat/completions", use: create)
        group.post("direct/chat/completions", use: createDirect)
    }

    @Sendable func create(request: Request, context: FlourishRequestContext) async throws -> Response {
        let timing = ServerTiming()
        let chat = try await chatRequest(in: request)
        return try await responder.respond(
            to: chat, values: .applied(clientID: context.client?.clientID), timing: timing, logger: context.logger)
    }

    /// The request's body read and validated, off the event loop when it is large.
    private func chatRequest(in request: Request) async throws -> ChatRequest {
        var request = request
        let body = try await request.collectBody(limit: maxBodyBytes)
        return try await OffLoopWork.run(sized: body.readableBytes) { () throws(GatewayError) in
            try ChatRequest(bytes: body.readableBytesView)
        }
    }

    @Sendable func createDirect(request: Request, context: FlourishRequestContext) async throws -> Response {
        let timing = ServerTiming()
        guard responder.safety.allowsDirectRoute(clientID: context.client?.clientID) else {
            throw GatewayError(
                .forbidden,
                "This client may not use the direct route. An operator can allow it with a safety policy that "
                    + "has \"direct_route\": true.", reason: "direct_route_not_allowed")
        }
        let chat = try await chatRequest(in: request)
        guard chat.tradition == nil else {
            throw GatewayError(
                .invalidRequest, "The direct route has no values layer, so it does not apply a tradition.",
                param: "tradition", reason: "tradition_not_supported")
        }
        return try await responder.respond(
            to: chat, values: .off, timing: timing, logger: context.logger)
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

    /// Seven base-62 digits from each of three random 64-bit values: each draw from the system generator is a
    /// system call, and one per character cost more than the rest of building a response. 62^7 is far below
    /// 2^64, so every digit is uniform to within one part in a million.
    static func make(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        var suffix: [UInt8] = []
        suffix.reserveCapacity(21)
        for _ in 0..<3 {
            var value = generator.next()
            for _ in 0..<7 {
                suffix.append(alphabet[Int(value % 62)])
                value /= 62
            }
        }
        return "gen-\(Int(now.timeIntervalSince1970))-\(String(decoding: suffix.prefix(20), as: UTF8.self))"
    }
}
