import AsyncHTTPClient
import FlourishAPI
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One provider's HTTP plumbing, shared by the adapters: POST a JSON body, map a non-2xx answer or a transport
/// failure to `GatewayError`, and read a whole JSON answer.
struct UpstreamExchange: Sendable {
    let settings: ProviderSettings
    let httpClient: HTTPClient
    let timeouts: UpstreamTimeouts
    let failure: UpstreamFailure

    init(settings: ProviderSettings, httpClient: HTTPClient, timeouts: UpstreamTimeouts) {
        self.settings = settings
        self.httpClient = httpClient
        self.timeouts = timeouts
        self.failure = UpstreamFailure(settings: settings)
    }

    /// Sends the body, encoded by Foundation, and returns once a 2xx head arrived.
    func post(
        _ url: String, headers: [(String, String)], body: some Encodable, logger: Logger
    ) async throws(GatewayError) -> HTTPClientResponse {
        let bytes: Data
        do {
            bytes = try JSONCoding.encode(body)
        } catch {
            throw GatewayError(.internalError, "The upstream request could not be encoded.", underlying: error)
        }
        return try await post(url, headers: headers, bytes: bytes, logger: logger)
    }

    /// Sends JSON bytes and returns once a 2xx head arrived.
    func post(
        _ url: String, headers: [(String, String)], bytes: some Sequence<UInt8>, logger: Logger
    ) async throws(GatewayError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeouts.head, logger: logger)
        } catch {
            throw failure.error(transport: error)
        }
        guard (200..<300).contains(response.status.code) else {
            let bytes = (try? await response.body.collect(upTo: 1 << 20)).map { Array(buffer: $0) } ?? []
            throw failure.error(
                status: Int(response.status.code), body: bytes, retryAfter: response.headers.first(name: "retry-after"))
        }
        return response
    }

    /// The whole body as JSON.
    func json(from response: HTTPClientResponse) async throws(GatewayError) -> JSONValue {
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: timeouts.maxResponseBytes)
        } catch {
            throw failure.error(transport: error)
        }
        do {
            return try JSONValue(parsing: body.readableBytesView)
        } catch {
            throw badResponse(error)
        }
    }

    /// The whole body, read as `T`.
    func decode<T: JSONMapped>(_ type: T.Type, from response: HTTPClientResponse) async throws(GatewayError) -> T {
        let json = try await json(from: response)
        do {
            return try T(json: json)
        } catch {
            throw badResponse(error)
        }
    }

    private func badResponse(_ error: any Error) -> GatewayError {
        GatewayError(
            .upstreamFailed, "The provider \(settings.name) returned a response Flourish could not read.",
            reason: "provider_bad_response", underlying: error)
    }
}
