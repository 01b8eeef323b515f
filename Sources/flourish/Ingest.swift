import ArgumentParser
import FlourishAPI
import FlourishGrounding
import FlourishServer
import FlourishStore
import Foundation
import Logging

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload files or folders into a publisher and index them, with a progress bar.",
        discussion: """
            .txt, .md, .html, .pdf (needs pdftotext) and .json files are one item each; every line of a .jsonl \
            file is one JSON item with Gloo's fields. Items already there (same producer_id or same content) are \
            skipped, so running it again adds only what is new.
            """)
    @OptionGroup var environment: EnvironmentOptions
    @Option(help: "The publisher's name.") var publisher: String
    @Argument(help: "Files or folders.") var paths: [String]

    func run() async throws {
        let configuration = environment.configuration()
        let state = try GatewayState.open(configuration: configuration)
        guard let target = try await state.store.publisher(named: publisher) else {
            throw ValidationError(
                "There is no publisher named \(publisher); create it with `flourish publishers create`.")
        }
        let grounding = GroundingServices(
            store: state.store, embeddingsPath: configuration.embeddingsPath, logger: Logger(label: "flourish"))
        let ingestor: Ingestor
        do {
            ingestor = try await grounding.ingestor()
        } catch {
            throw ValidationError(error.message)
        }
        var queued = 0
        var duplicates = 0
        for upload in try Upload.collect(paths) {
            switch try await ingestor.enqueue(
                upload.bytes, type: upload.type, metadata: upload.metadata, publisherID: target.id,
                producerID: upload.producerID)
            {
            case .queued: queued += 1
            case .duplicate: duplicates += 1
            case .unknownItem: break
            }
        }
        print("\(queued) new items queued, \(duplicates) already there.")
        var progress = ProgressBar(total: queued)
        while try await ingestor.indexNext() { progress.advance() }
        progress.finish()
        let items = try await state.store.items(publisherID: target.id)
        let failed = items.filter { $0.status == .failed }
        print("\(publisher): \(items.count { $0.status == .completed }) items indexed, \(failed.count) failed.")
        for item in failed.prefix(20) {
            print("  failed: \(item.metadata.filename ?? item.producerID ?? item.id): \(item.error ?? "")")
        }
    }
}

/// One item to upload, read from a file or a line of a JSON-lines file.
struct Upload {
    var bytes: Data
    var type: String
    var metadata: ItemMetadata
    var producerID: String?

    static func collect(_ paths: [String]) throws -> [Upload] {
        var uploads: [Upload] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path) does not exist.")
            }
            let files =
                isDirectory.boolValue
                ? (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String }.sorted() ?? [])
                    .map { (path as NSString).appendingPathComponent($0) }
                    .filter { !FileManager.default.directoryExists(atPath: $0) } : [path]
            for file in files { uploads += try read(file) }
        }
        return uploads
    }

    private static func read(_ path: String) throws -> [Upload] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot read \(path).")
        }
        let name = (path as NSString).lastPathComponent
        let fileExtension = (name as NSString).pathExtension.lowercased()
        if fileExtension == "jsonl" {
            return try data.split(separator: UInt8(ascii: "\n")).enumerated().compactMap { number, line -> Upload? in
                guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { return nil }
                let item: JSONItem
                do {
                    item = try JSONItem.decode(Data(line))
                } catch {
                    throw ValidationError("\(path) line \(number + 1): \(error)")
                }
                var metadata = item.metadata
                metadata.filename = metadata.filename ?? name
                return Upload(bytes: Data(line), type: "item", metadata: metadata, producerID: item.producerID)
            }
        }
        var metadata = ItemMetadata()
        metadata.filename = name
        metadata.itemTitle = (name as NSString).deletingPathExtension
        return [Upload(bytes: data, type: DocumentReader.sourceType(forFilename: name), metadata: metadata)]
    }
}

/// A one-line progress bar on standard error.
struct ProgressBar {
    let total: Int
    private var done = 0
    private var lastDrawn = -1

    init(total: Int) { self.total = total }

    mutating func advance() {
        done += 1
        let percent = total == 0 ? 100 : done * 100 / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(percent)%  \(done)/\(total)".utf8))
    }

    func finish() {
        if done > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension FileManager {
    func directoryExists(atPath path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
