import FlourishAPI
import Logging

/// One chat request as a provider receives it: the validated request, already composed, and the
/// upstream's own model name.
package struct ProviderCall: Sendable {
    package var request: ChatRequest
    package var upstreamModel: String
    /// OpenAI reasoning-model rules apply (see `CatalogModel.usesReasoningParameters`).
    package var usesReasoningParameters: Bool
    /// The output limit to send when the caller set none and the provider requires one (Anthropic).
    package var defaultMaxTokens: Int

    package init(
        request: ChatRequest, upstreamModel: String, usesReasoningParameters: Bool, defaultMaxTokens: Int = 4096
    ) {
        self.request = request
        self.upstreamModel = upstreamModel
        self.usesReasoningParameters = usesReasoningParameters
        self.defaultMaxTokens = defaultMaxTokens
    }
}

/// An upstream that answers chat requests, translated to and from its own wire format.
package protocol ChatProvider: Sendable {
    var settings: ProviderSettings { get }

    /// A whole completion.
    /// - Throws: `GatewayError` for every upstream or transport failure.
    func complete(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatCompletion

    /// A stream of chunks; returns once the upstream has accepted the request, so failures before the first
    /// byte are thrown here and failures after it come out of the sequence.
    func stream(_ call: ProviderCall, logger: Logger) async throws(GatewayError) -> ChatChunkStream
}

/// Chunks of one streamed completion, in arrival order, batched as they arrived: each element holds the chunks
/// one read from the upstream carried, so they can go to the caller in one write.
package typealias ChatChunkStream = any AsyncSequence<[ChatChunk], any Error> & Sendable
