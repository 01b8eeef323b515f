import FlourishProviders
import Testing

@Suite struct SSEParserTests {
    private func strings(_ events: [[UInt8]]) -> [String] {
        events.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func splitsEventsAcrossArbitraryBoundaries() {
        let stream = "data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\n: comment\n\ndata: [DONE]\n\n"
        let bytes = Array(stream.utf8)
        for size in [1, 2, 3, 7, bytes.count] {
            var parser = SSEParser()
            var events: [[UInt8]] = []
            var index = 0
            while index < bytes.count {
                events += parser.consume(bytes[index..<min(index + size, bytes.count)])
                index += size
            }
            #expect(strings(events) == [#"{"a":1}"#, #"{"b":2}"#, "[DONE]"], "chunk size \(size)")
        }
    }

    @Test func joinsMultiLineDataAndIgnoresOtherFields() {
        var parser = SSEParser()
        let events = parser.consume(Array("event: message\nid: 4\ndata: line1\ndata:line2\n\n".utf8))
        #expect(strings(events) == ["line1\nline2"])
    }

    @Test func finishReturnsAnUnterminatedEvent() {
        var parser = SSEParser()
        #expect(parser.consume(Array("data: tail".utf8)).isEmpty)
        #expect(parser.finish().map { String(decoding: $0, as: UTF8.self) } == "tail")
        #expect(parser.finish() == nil)
    }
}
