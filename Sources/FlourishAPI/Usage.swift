/// Token counts of one completion.
package struct Usage: Codable, Sendable, Equatable {
    package struct PromptDetails: Codable, Sendable, Equatable {
        package var cachedTokens: Int?
        enum CodingKeys: String, CodingKey { case cachedTokens = "cached_tokens" }
    }

    package struct CompletionDetails: Codable, Sendable, Equatable {
        package var reasoningTokens: Int?
        enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
    }

    package var promptTokens: Int
    package var completionTokens: Int
    package var totalTokens: Int
    package var promptTokensDetails: PromptDetails?
    package var completionTokensDetails: CompletionDetails?

    package init(promptTokens: Int, completionTokens: Int, cachedTokens: Int? = nil, reasoningTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = promptTokens + completionTokens
        self.promptTokensDetails = cachedTokens.map { PromptDetails(cachedTokens: $0) }
        self.completionTokensDetails = reasoningTokens.map { CompletionDetails(reasoningTokens: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }
}
