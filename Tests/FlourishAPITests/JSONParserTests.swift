import FlourishAPI
import Foundation
import Testing

/// Request bodies, upstream answers and stream chunks go through Flourish's own JSON reader and writer; these
/// hold them to RFC 8259 and to what Foundation reads and writes.
@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(GatewayError) -> JSONValue {
        try JSONValue(requestBody: Array(text.utf8))
    }

    @Test func readsEveryKindOfValue() throws {
        let value = try parse(
            #" {"a": [1, -2, 3.5, -0.25e2, 1E3, true, false, null], "b": {"c": "d"}, "e": {}, "f": [], "g": ""} "#)
        #expect(
            value == [
                "a": [1, -2, 3.5, -25.0, 1000.0, true, false, nil], "b": ["c": "d"], "e": .object([:]),
                "f": .array([]), "g": "",
            ])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u4E2D", "\ud83d\ude00", "plain é 中 😀"]"#)
        #expect(value == ["a\"b\\c/d\u{08}\u{0C}\n\r\t", "é中", "😀", "plain é 中 😀"])
    }

    @Test func keepsLargeIntegersAsDecimals() throws {
        #expect(try parse("9223372036854775807") == .integer(Int.max))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1",
        "tru", "nul", "NaN", "Infinity", "1e999", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ude00\"",
        "\"a\nb\"", "[1] 2", "{\"a\":1}}", "'a'",
    ])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: GatewayError.self) { try parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: GatewayError.self) { try JSONValue(requestBody: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func limitsNesting() throws {
        #expect(throws: GatewayError.self) { try parse(String(repeating: "[", count: 100_000)) }
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try parse(deep).arrayValue?.count == 1)
    }

    @Test func lastDuplicateKeyWins() throws {
        #expect(try parse(#"{"a":1,"a":2}"#) == ["a": 2])
    }

    /// Random documents written by Foundation's encoder read back to the same value.
    @Test func readsWhatFoundationWrites() throws {
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            let bytes = try JSONEncoder().encode(value)
            #expect(try JSONValue(requestBody: bytes) == value)
        }
    }

    /// Random documents Flourish writes read back to the same value, through Flourish's parser and Foundation's.
    @Test func foundationReadsWhatFlourishWrites() throws {
        var generator = SplitMix(seed: 7)
        for _ in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            let bytes = value.jsonBytes
            #expect(try JSONValue(requestBody: bytes) == value)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) == value)
        }
    }

    @Test func writesControlCharactersEscapedAndSlashesPlain() {
        let value: JSONValue = ["a": "line\nbreak \u{01} \"q\" \\ a/b"]
        #expect(String(decoding: value.jsonBytes, as: UTF8.self) == #"{"a":"line\nbreak \u0001 \"q\" \\ a/b"}"#)
        #expect(String(decoding: JSONValue.double(2.0).jsonBytes, as: UTF8.self) == "2")
        #expect(String(decoding: JSONValue.double(0.971).jsonBytes, as: UTF8.self) == "0.971")
    }

    /// A stream chunk written by the fast path reads back as the same chunk.
    @Test func chunksRoundTrip() throws {
        var chunk = ChatChunk(
            id: "gen-1", created: 5, model: "gloo-x",
            choices: [
                .init(
                    index: 0,
                    delta: .init(
                        role: "assistant", content: "He said \"hi\"\n",
                        toolCalls: [
                            .init(
                                index: 0, id: "call_1", type: "function",
                                function: .init(name: "f", arguments: "{\"a\":1}"))
                        ]),
                    finishReason: nil)
            ],
            usage: Usage(promptTokens: 3, completionTokens: 4, cachedTokens: 1))
        chunk.systemFingerprint = "fp"
        let read = try ChatChunk(json: try JSONValue(requestBody: chunk.json.jsonBytes))
        #expect(read == chunk)
        let foundation = try JSONDecoder().decode(ChatChunk.self, from: JSONEncoder().encode(chunk))
        #expect(foundation == chunk)
    }

    @Test func completionsNeedChoices() {
        #expect(throws: JSONShapeError.self) { try ChatCompletion(json: ["id": "x"]) }
        #expect(throws: JSONShapeError.self) { try ChatCompletion(json: ["choices": [["index": 0]]]) }
        #expect(throws: JSONShapeError.self) { try ChatChunk(json: ["choices": "none"]) }
    }

    private func randomValue(depth: Int, using generator: inout SplitMix) -> JSONValue {
        let pick = depth > 3 ? Int.random(in: 0..<5, using: &generator) : Int.random(in: 0..<7, using: &generator)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int.random(in: Int.min...Int.max, using: &generator))
        case 3: return .double(Double.random(in: -1e6...1e6, using: &generator) + 0.5)
        case 4: return .string(randomString(using: &generator))
        case 5:
            return .array(
                (0..<Int.random(in: 0..<5, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, using: &generator)
                })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &generator) {
                object[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(object)
        }
    }

    private func randomString(using generator: inout SplitMix) -> String {
        let alphabet: [Character] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "中", "😀", "\u{7F}"]
        return String(
            (0..<Int.random(in: 0..<12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// A seeded generator, so a failing document can be reproduced.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
