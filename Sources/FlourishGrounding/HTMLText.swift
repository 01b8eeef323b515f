import Foundation

/// The readable text of an HTML page as sections under its h1–h3 headings: tags dropped, script, style and
/// head skipped, block elements turned into paragraph breaks, common entities decoded.
enum HTMLText {
    static func sections(of html: String) -> [Document.Section] {
        var markdown = ""
        var index = html.startIndex
        var skipping: String?
        while index < html.endIndex {
            guard html[index] == "<" else {
                if skipping == nil { markdown.append(html[index]) }
                index = html.index(after: index)
                continue
            }
            guard let close = html[index...].firstIndex(of: ">") else { break }
            let tag = html[html.index(after: index)..<close]
            index = html.index(after: close)
            let closing = tag.first == "/"
            let name = tag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
            if let skipped = skipping {
                if closing, name == skipped { skipping = nil }
                continue
            }
            switch name {
            case "script", "style", "head", "noscript", "template": if !closing { skipping = name }
            case "h1", "h2", "h3":
                let level = Int(String(name.last!))!
                markdown += closing ? "\n\n" : "\n\n" + String(repeating: "#", count: level) + " "
            case "p", "div", "section", "article", "li", "br", "tr", "blockquote", "h4", "h5", "h6", "ul", "ol":
                markdown += "\n\n"
            default: break
            }
        }
        return DocumentReader.markdown(decodeEntities(markdown))
            .map { .init(heading: $0.heading, reference: $0.reference, text: collapse($0.text)) }
    }

    /// Runs of spaces inside a paragraph become one; paragraph breaks stay.
    private static func collapse(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map {
            $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "—", "ndash": "–",
        "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "hellip": "…",
    ]

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let tail = rest[rest.index(after: amp)...]
            if let semicolon = tail.prefix(10).firstIndex(of: ";") {
                let name = tail[..<semicolon]
                let decoded: String? =
                    if name.hasPrefix("#x") {
                        UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map(String.init)
                    } else if name.hasPrefix("#") {
                        UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map(String.init)
                    } else { entities[String(name)] }
                if let decoded {
                    result += decoded
                    rest = tail[tail.index(after: semicolon)...]
                    continue
                }
            }
            result += "&"
            rest = tail
        }
        return result + rest
    }
}
