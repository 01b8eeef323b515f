import Foundation

/// The text layer of a PDF, read by poppler's `pdftotext` (Debian's poppler-utils) in a child process.
enum PDFText {
    static func text(of pdf: Data) throws(IngestionError) -> String {
        guard
            let tool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw IngestionError(
                "Reading PDF needs pdftotext on the gateway's machine (apt-get install poppler-utils).")
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("flourish-\(UUID()).pdf")
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        let output = Pipe()
        do {
            try pdf.write(to: input)
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["-enc", "UTF-8", "-q", input.path, "-"]
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        } catch {
            throw IngestionError("pdftotext could not be run: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw IngestionError("The PDF could not be read (pdftotext exited with \(process.terminationStatus)).")
        }
        // pdftotext ends pages with a form feed; a page break is a paragraph break.
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n\n")
        guard text.contains(where: { $0.isLetter }) else {
            throw IngestionError("The PDF has no text layer (a scanned document?); Flourish does not OCR.")
        }
        return text
    }
}
