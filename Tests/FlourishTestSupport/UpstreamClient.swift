import AsyncHTTPClient
import FlourishProviders
import NIOCore

/// Runs `body` with an HTTP client configured as the gateway's, shut down afterwards.
package func withUpstreamClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .upstream(readTimeout: .seconds(30)))
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try await client.shutdown()
        throw error
    }
}
