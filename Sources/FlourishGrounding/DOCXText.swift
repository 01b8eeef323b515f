import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The paragraphs of a Word document (`word/document.xml` inside the DOCX zip), as Markdown whose headings
/// come from the Heading1–Heading3 paragraph styles.
enum DOCXText {
    static func markdown(of docx: Data) throws(IngestionError) -> String {
        let xml: Data
        do {
            let archive = try Archive(data: docx, accessMode: .read)
            guard let entry = archive["word/document.xml"] else {
                throw IngestionError("The file is not a Word document (no word/document.xml).")
            }
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            xml = data
        } catch let error as IngestionError {
            throw error
        } catch {
            throw IngestionError("The DOCX file could not be opened: \(error.localizedDescription)")
        }
        let reader = ParagraphReader()
        let parser = XMLParser(data: xml)
        parser.delegate = reader
        guard parser.parse() else { throw IngestionError("The DOCX file's document.xml is not valid XML.") }
        return reader.paragraphs.joined(separator: "\n\n")
    }

    /// Collects `w:t` text per `w:p` paragraph; a `w:pStyle` of HeadingN makes it a heading.
    private final class ParagraphReader: NSObject, XMLParserDelegate {
        var paragraphs: [String] = []
        private var text = ""
        private var headingLevel = 0
        private var inText = false

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch element {
            case "w:p":
                text = ""
                headingLevel = 0
            case "w:t": inText = true
            case "w:tab": text += " "
            case "w:br": text += "\n"
            case "w:pStyle":
                let style = (attributes["w:val"] ?? "").lowercased()
                if style.hasPrefix("heading"), let level = Int(style.dropFirst(7)), (1...3).contains(level) {
                    headingLevel = level
                }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?
        ) {
            switch element {
            case "w:t": inText = false
            case "w:p":
                let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !line.isEmpty else { return }
                paragraphs.append(headingLevel > 0 ? String(repeating: "#", count: headingLevel) + " " + line : line)
            default: break
            }
        }
    }
}
