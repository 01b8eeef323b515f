import FlourishStore
import Foundation

/// Reads an uploaded source into a `Document`: plain text, Markdown, HTML, Word (DOCX), a JSON item (Gloo's fields with
/// `content` or Flourish's `sections`), or PDF through poppler's `pdftotext` when it is installed.
package struct DocumentReader: Sendable {
    /// Source types by file extension.
    package static let types = [
        "txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html",
        "htm": "html", "pdf": "pdf", "docx": "docx", "json": "item",
    ]

    package init() {}

    /// The source type for a file name, by extension; "unknown" fails at indexing with a clear message.
    package static func sourceType(forFilename name: String) -> String {
        types[(name as NSString).pathExtension.lowercased()] ?? "unknown"
    }

    package func read(_ source: Data, type: String, metadata: ItemMetadata) throws(IngestionError) -> Document {
        switch type {
        case "txt": return Document(metadata: metadata, sections: [.init(text: try Self.text(source))])
        case "md": return Document(metadata: metadata, sections: Self.markdown(try Self.text(source)))
        case "html": return Document(metadata: metadata, sections: HTMLText.sections(of: try Self.text(source)))
        case "pdf": return Document(metadata: metadata, sections: [.init(text: try PDFText.text(of: source))])
        case "docx": return Document(metadata: metadata, sections: Self.markdown(try DOCXText.markdown(of: source)))
        case "item": return try JSONItem.decode(source).document(merging: metadata)
        default: throw IngestionError("Flourish cannot read '\(type)' files.")
        }
    }

    static func text(_ data: Data) throws(IngestionError) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw IngestionError("The file is not UTF-8 text.")
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// Sections under `#`, `##` and `###` headings; deeper headings stay in the text.
    static func markdown(_ text: String) -> [Document.Section] {
        var sections: [Document.Section] = []
        var path: [String] = []
        var lines: [Substring] = []
        func flush() {
            let body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !body.isEmpty {
                sections.append(.init(heading: path.isEmpty ? nil : path.joined(separator: " › "), text: body))
            }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let level = line.prefix(while: { $0 == "#" }).count
            if (1...3).contains(level), line.dropFirst(level).first == " " {
                flush()
                path = Array(path.prefix(level - 1))
                path.append(line.dropFirst(level + 1).trimmingCharacters(in: .whitespaces))
            } else {
                lines.append(line)
            }
        }
        flush()
        return sections
    }
}

/// An uploaded file or item that cannot be indexed; its message becomes the item's error.
package struct IngestionError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// A JSON item as `real_time_upload` and JSON-lines files carry it: Gloo's metadata fields, and the text as
/// `content` or as Flourish's structured `sections`.
package struct JSONItem: Decodable, Sendable {
    package struct Section: Decodable, Sendable {
        var reference: String?
        var heading: String?
        var text: String
    }

    package var metadata: ItemMetadata
    package var content: String?
    package var sections: [Section]?
    package var producerID: String?
    package var publisherID: String?

    enum CodingKeys: String, CodingKey {
        case content, sections
        case producerID = "producer_id"
        case publisherID = "publisher_id"
        case publisherIDCamel = "publisherId"
    }

    package init(from decoder: any Decoder) throws {
        metadata = try ItemMetadata(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        sections = try container.decodeIfPresent([Section].self, forKey: .sections)
        producerID = try container.decodeIfPresent(String.self, forKey: .producerID)
        publisherID =
            try container.decodeIfPresent(String.self, forKey: .publisherID)
            ?? container.decodeIfPresent(String.self, forKey: .publisherIDCamel)
    }

    package static func decode(_ data: Data) throws(IngestionError) -> JSONItem {
        let item: JSONItem
        do {
            item = try JSONDecoder().decode(JSONItem.self, from: data)
        } catch {
            throw IngestionError("The item is not valid JSON with Gloo's fields: \(error)")
        }
        let hasContent = !(item.content ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        guard hasContent || !(item.sections ?? []).isEmpty else {
            throw IngestionError("The item needs a non-empty 'content' (or 'sections').")
        }
        return item
    }

    /// The document, with `defaults` filling metadata the item does not set.
    func document(merging defaults: ItemMetadata) -> Document {
        var merged = metadata
        merged.filename = merged.filename ?? defaults.filename
        merged.itemTitle = merged.itemTitle ?? defaults.itemTitle
        if let sections, !sections.isEmpty {
            return Document(
                metadata: merged,
                sections: sections.map { .init(heading: $0.heading, reference: $0.reference, text: $0.text) })
        }
        return Document(metadata: merged, sections: DocumentReader.markdown(content ?? ""))
    }
}
