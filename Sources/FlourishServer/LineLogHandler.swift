import Foundation
import Logging

/// Writes one line per log entry to standard error, formatting the metadata only when a line is written.
///
/// swift-log's stream handler formats its metadata again each time a key is set, and every request sets
/// its id and client, so a gateway logging at `error` paid for text it never wrote.
package struct LineLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level
    private let label: String

    package init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var line = "\(Date.now.formatted(.iso8601)) \(event.level) \(label):"
        let merged = event.metadata.map { metadata.merging($0) { _, entry in entry } } ?? metadata
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " \(event.message)\n"
        // One write per line, so lines from several threads do not interleave; a failed write (the reader went
        // away, the disk is full) loses the line, not the gateway.
        try? FileHandle.standardError.write(contentsOf: Data(line.utf8))
    }
}
