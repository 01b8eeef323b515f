import FlourishAuth
import Foundation
import Hummingbird
import NIOCore

/// Unauthenticated operational endpoints: JWKS, liveness and metrics.
struct DiscoveryController: Sendable {
    let jwks: ByteBuffer
    let metrics: GatewayMetrics

    init(issuer: TokenIssuer, metrics: GatewayMetrics) throws {
        self.jwks = ByteBuffer(bytes: try JSONEncoder().encode(issuer.jwks))
        self.metrics = metrics
    }

    func addRoutes(to router: Hummingbird.Router<FlourishRequestContext>) {
        router.get("/.well-known/jwks.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: jwks))
        }
        router.get("/healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }
}
