/// Splits a Server-Sent Events byte stream into the data of each event, across arbitrary chunk boundaries.
package struct SSEParser: Sendable {
    private var buffer: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false

    package init() {}

    /// Feeds bytes and returns the data of every event they complete.
    package mutating func consume(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var events: [[UInt8]] = []
        var lineStart = 0
        var index = 0
        while index < buffer.count {
            if buffer[index] == UInt8(ascii: "\n") {
                var lineEnd = index
                if lineEnd > lineStart && buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                if let event = line(buffer[lineStart..<lineEnd]) { events.append(event) }
                lineStart = index + 1
            }
            index += 1
        }
        buffer.removeFirst(lineStart)
        return events
    }

    /// The data of an event the stream ended without a blank line after, if any.
    package mutating func finish() -> [UInt8]? {
        if !buffer.isEmpty {
            _ = line(buffer[...])
            buffer.removeAll()
        }
        return line([][...])
    }

    private mutating func line(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        if line.isEmpty {
            defer {
                data.removeAll(keepingCapacity: true)
                hasData = false
            }
            return hasData ? data : nil
        }
        guard line.starts(with: "data:".utf8) else { return nil }  // comments, event:, id:, retry:
        var value = line.dropFirst(5)
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        if hasData { data.append(UInt8(ascii: "\n")) }
        data.append(contentsOf: value)
        hasData = true
        return nil
    }
}
