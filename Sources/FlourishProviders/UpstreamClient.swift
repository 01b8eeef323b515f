import AsyncHTTPClient
import NIOCore

extension HTTPClient.Configuration {
    /// The settings every upstream call uses.
    ///
    /// - Parameter readTimeout: longest silence inside a response body; above a reasoning model's pause.
    package static func upstream(readTimeout: TimeAmount) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: readTimeout)
        // Plain-HTTP upstreams (llama.cpp, vLLM) would otherwise queue streams behind 8 connections.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        // A refused connection is answered at once (503) instead of being retried until the request deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}
