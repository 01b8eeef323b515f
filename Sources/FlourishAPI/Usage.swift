/// Token counts of one completion.
package struct Usage: JSONMapped, Sendable, Equatable {
    package struct PromptDetails: Sendable, Equatable {
        package var cachedTokens: Int?
    }

    package struct CompletionDetails: Sendable, Equatable {
        package var reasoningTokens: Int?
    }

    package var promptTokens: Int
    package var completionTokens: Int
    package var totalTokens: Int
    package var promptTokensDetails: PromptDetails?
    package var completionTokensDetails: CompletionDetails?

    /// A negative count (a faulty upstream) reads as 0, and a total too large for `Int` as `Int.max`, so
    /// metrics and sums never trap on what a provider sent.
    package init(promptTokens: Int, completionTokens: Int, cachedTokens: Int? = nil, reasoningTokens: Int? = nil) {
        self.promptTokens = max(0, promptTokens)
        self.completionTokens = max(0, completionTokens)
        self.totalTokens = Self.sum(promptTokens, completionTokens)
        self.promptTokensDetails = cachedTokens.map { PromptDetails(cachedTokens: max(0, $0)) }
        self.completionTokensDetails = reasoningTokens.map { CompletionDetails(reasoningTokens: max(0, $0)) }
    }

    /// The sum of token counts as a provider reported them: negative counts read as 0, and a sum too large
    /// for `Int` as `Int.max`.
    package static func sum(_ counts: Int...) -> Int {
        var total = 0
        for count in counts {
            let (sum, overflowed) = total.addingReportingOverflow(max(0, count))
            total = overflowed ? .max : sum
        }
        return total
    }

    /// Absent counts read as 0, and an absent total as their sum.
    package init(json: JSONValue) throws(JSONShapeError) {
        let fields = try JSONFields(json, name: "usage")
        self.init(
            promptTokens: try fields.integer("prompt_tokens") ?? 0,
            completionTokens: try fields.integer("completion_tokens") ?? 0,
            cachedTokens: try fields.value("prompt_tokens_details").map {
                value throws(JSONShapeError) in try JSONFields(value).integer("cached_tokens")
            } ?? nil,
            reasoningTokens: try fields.value("completion_tokens_details").map {
                value throws(JSONShapeError) in try JSONFields(value).integer("reasoning_tokens")
            } ?? nil)
        totalTokens = max(0, try fields.integer("total_tokens") ?? totalTokens)
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = [
            "prompt_tokens": .integer(promptTokens), "completion_tokens": .integer(completionTokens),
            "total_tokens": .integer(totalTokens),
        ]
        members.setIfPresent(
            "prompt_tokens_details",
            promptTokensDetails.map { .object(["cached_tokens": $0.cachedTokens.map(JSONValue.integer) ?? .null]) })
        members.setIfPresent(
            "completion_tokens_details",
            completionTokensDetails.map {
                .object(["reasoning_tokens": $0.reasoningTokens.map(JSONValue.integer) ?? .null])
            })
        return .object(members)
    }
}
