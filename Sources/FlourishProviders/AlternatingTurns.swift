import FlourishAPI
import Foundation

/// Turns for providers that require roles to alternate (Anthropic, Gemini): content added under the role of
/// the previous turn joins that turn.
struct AlternatingTurns {
    private(set) var turns: [(role: String, items: [JSONValue])] = []

    mutating func append(_ role: String, _ items: [JSONValue]) {
        guard !items.isEmpty else { return }
        if turns.last?.role == role {
            turns[turns.count - 1].items += items
        } else {
            turns.append((role, items))
        }
    }

    /// The turns as `{"role": …, <itemsKey>: […]}` objects.
    func encoded(itemsKey: String) -> [JSONValue] {
        turns.map { ["role": .string($0.role), itemsKey: .array($0.items)] }
    }
}

extension ToolCall {
    /// The arguments as the JSON object native providers take; an empty string counts as `{}`.
    /// - Throws: 400 naming `param` when the arguments are not a JSON object.
    func argumentObject(param: String) throws(GatewayError) -> JSONValue {
        let text = function.arguments.isEmpty ? "{}" : function.arguments
        guard let value = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8)),
            value.objectValue != nil
        else {
            throw GatewayError(
                .invalidValue, "Tool call arguments must be a JSON object string.", param: param,
                reason: "invalid_value")
        }
        return value
    }
}
