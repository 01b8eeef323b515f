import FlourishGrounding
import FlourishStore
import Foundation
import Testing
import ZIPFoundation

@Suite struct DocumentReaderTests {
    let reader = DocumentReader()

    @Test func markdownHeadingsBecomeAHeadingPath() throws {
        let markdown = "Intro line.\n\n# Part One\nFirst.\n\n## Grace\nSecond.\n\n# Part Two\nThird."
        let document = try reader.read(Data(markdown.utf8), type: "md", metadata: ItemMetadata())
        #expect(document.sections.map(\.heading) == [nil, "Part One", "Part One › Grace", "Part Two"])
        #expect(document.sections.map(\.text) == ["Intro line.", "First.", "Second.", "Third."])
    }

    @Test func htmlDropsScriptsAndTagsAndKeepsHeadings() throws {
        let html = """
            <html><head><title>x</title><style>p{}</style></head><body><h1>Sermon</h1>
            <p>Blessed are the <b>poor</b> in spirit &amp; the meek.</p><script>alert(1)</script>
            <h2>Application</h2><p>Go&nbsp;in peace.</p></body></html>
            """
        let document = try reader.read(Data(html.utf8), type: "html", metadata: ItemMetadata())
        #expect(document.sections.map(\.heading) == ["Sermon", "Sermon › Application"])
        #expect(document.sections.first?.text == "Blessed are the poor in spirit & the meek.")
        #expect(!document.sections.contains { $0.text.contains("alert") || $0.text.contains("p{}") })
    }

    @Test func aJSONItemCarriesGloosFieldsAndItsSections() throws {
        let item = #"""
            {"item_title":"Luke 15","author":"Luke, Theophilus","publication_date":"2020-01-01","producer_id":"web-luke-15",
             "sections":[{"reference":"Luke 15:11","text":"A certain man had two sons."}],"unknown_field":1}
            """#
        let document = try reader.read(Data(item.utf8), type: "item", metadata: ItemMetadata())
        #expect(document.metadata.itemTitle == "Luke 15")
        #expect(document.metadata.author == ["Luke", "Theophilus"])
        #expect(document.sections == [.init(reference: "Luke 15:11", text: "A certain man had two sons.")])
    }

    @Test(arguments: [
        (#"{"item_title":"empty","content":"  "}"#, "item", "content"),
        ("not json", "item", "valid JSON"),
        ("x", "xls", "cannot read"),
        ("not a zip", "docx", "could not be opened"),
    ])
    func unreadableSourcesFailWithAClearMessage(source: String, type: String, expected: String) {
        #expect {
            try reader.read(Data(source.utf8), type: type, metadata: ItemMetadata())
        } throws: { error in
            (error as? IngestionError)?.message.contains(expected) == true
        }
    }

    @Test func aWordDocumentKeepsItsHeadingsAndParagraphs() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Advent study</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Hope waits </w:t></w:r><w:r><w:t>with patience.</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Week one</w:t></w:r></w:p>
            <w:p><w:r><w:t>Read Isaiah 40.</w:t></w:r></w:p></w:body></w:document>
            """
        let archive = try Archive(accessMode: .create)
        let bytes = Data(xml.utf8)
        try archive.addEntry(
            with: "word/document.xml", type: .file, uncompressedSize: Int64(bytes.count),
            compressionMethod: .deflate
        ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        let document = try reader.read(try #require(archive.data), type: "docx", metadata: ItemMetadata())
        #expect(document.sections.map(\.heading) == ["Advent study", "Advent study › Week one"])
        #expect(document.sections.map(\.text) == ["Hope waits with patience.", "Read Isaiah 40."])
    }
}
