import FlourishAPI
import FlourishGrounding
import FlourishStore
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// Gloo's ingestion and content-control paths for a publisher's owners: multipart file upload, real-time JSON
/// upload, item listing, status and deletion. Uploads are queued and indexed in the background.
struct IngestionController: Sendable {
    let grounding: GroundingServices
    let maxBodyBytes: Int

    func addRoutes(ingestion: RouterGroup<FlourishRequestContext>, engine: RouterGroup<FlourishRequestContext>) {
        ingestion.post("v2/files", use: uploadFiles)
        ingestion.post("v1/real_time_upload", use: uploadItem)
        engine.get("v2/publisher/:publisher/items", use: listItems)
        engine.get("v2/items/:item", use: showItem)
        engine.delete("v2/items", use: deleteItems)
    }

    /// POST /ingestion/v2/files: multipart `publisher_id` and repeatable `files`; `?update=ITEM` replaces an
    /// item, `?producer_id=` names a single file.
    @Sendable func uploadFiles(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let form = try await MultipartForm.read(&request, limit: maxBodyBytes)
        guard let publisherID = form.field("publisher_id") else {
            throw GatewayError(
                .invalidRequest, "The form needs a 'publisher_id' field.", param: "publisher_id",
                reason: "missing_required_parameter")
        }
        let files = form.files(named: "files")
        guard !files.isEmpty else {
            throw GatewayError(
                .invalidRequest, "The form needs at least one file in the repeatable 'files' field.", param: "files",
                reason: "missing_required_parameter")
        }
        let producerID = request.uri.queryParameters["producer_id"].map(String.init)
        let update = request.uri.queryParameters["update"].map(String.init)
        if (producerID != nil || update != nil) && files.count > 1 {
            throw GatewayError(
                .invalidRequest, "With 'producer_id' or 'update', send exactly one file.", param: "files",
                reason: "invalid_value")
        }
        let publisher = try await grounding.ownedPublisher(id: publisherID, by: context.client!)
        let ingestor = try await grounding.ingestor()
        var outcome = UploadOutcome()
        for file in files {
            var metadata = ItemMetadata()
            metadata.filename = file.filename
            metadata.itemTitle = file.filename
            let type = DocumentReader.sourceType(forFilename: file.filename ?? "")
            outcome.record(
                try await grounding.lookUp { () async throws(StoreError) in
                    try await ingestor.enqueue(
                        Data(file.bytes), type: type, metadata: metadata, publisherID: publisher.id,
                        producerID: producerID, replacing: update)
                })
        }
        return try outcome.response()
    }

    /// POST /ingestion/v1/real_time_upload: one JSON item with Gloo's fields.
    @Sendable func uploadItem(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let body = Data(try await request.collectBody(limit: maxBodyBytes).readableBytesView)
        let item: JSONItem
        do {
            item = try JSONItem.decode(body)
        } catch {
            throw GatewayError(.invalidRequest, error.message, param: "content", reason: "invalid_item")
        }
        guard let publisherID = item.publisherID else {
            throw GatewayError(
                .invalidRequest, "The item needs a 'publisher_id'.", param: "publisher_id",
                reason: "missing_required_parameter")
        }
        let publisher = try await grounding.ownedPublisher(id: publisherID, by: context.client!)
        let ingestor = try await grounding.ingestor()
        var outcome = UploadOutcome()
        outcome.record(
            try await grounding.lookUp { () async throws(StoreError) in
                try await ingestor.enqueue(
                    body, type: "item", metadata: item.metadata, publisherID: publisher.id, producerID: item.producerID)
            })
        return try outcome.response()
    }

    @Sendable func listItems(request: Request, context: FlourishRequestContext) async throws -> Response {
        let publisherID = try context.parameters.require("publisher")
        let publisher = try await grounding.ownedPublisher(id: publisherID, by: context.client!)
        let items = try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.items(publisherID: publisher.id)
        }
        return try .json(
            JSONValue.array(
                items.map { item in
                    [
                        "item_id": .string(item.id), "item_title": JSONValue(item.metadata.itemTitle),
                        "filename": JSONValue(item.metadata.filename), "status": .string(item.status.rawValue),
                        "producer_id": JSONValue(item.producerID), "error": JSONValue(item.error),
                    ]
                }))
    }

    @Sendable func showItem(request: Request, context: FlourishRequestContext) async throws -> Response {
        let item = try await ownedItem(try context.parameters.require("item"), context: context)
        let metadata = item.metadata
        return try .json(
            JSONValue.object([
                "item_id": .string(item.id), "status": .string(item.status.rawValue),
                "updated_at": .string(ISO8601DateFormatter().string(from: item.updatedAt)),
                "item_title": JSONValue(metadata.itemTitle), "item_subtitle": JSONValue(metadata.itemSubtitle),
                "filename": JSONValue(metadata.filename), "publication_date": JSONValue(metadata.publicationDate),
                "type": JSONValue(metadata.type), "item_url": JSONValue(metadata.itemURL),
                "item_summary": JSONValue(metadata.itemSummary), "author": JSONValue(metadata.author ?? []),
                "item_tags": JSONValue(metadata.itemTags ?? []), "producer_id": JSONValue(item.producerID),
                "publisher_id": .string(item.publisherID), "error": JSONValue(item.error),
            ]))
    }

    /// DELETE /engine/v2/items with `{"item_ids": [...]}` (1–1000); every id is reported.
    @Sendable func deleteItems(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(limit: 1 << 20)
        guard let json = try? JSONValue(parsing: body.readableBytesView),
            let ids = json["item_ids"]?.arrayValue?.compactMap(\.stringValue), (1...1000).contains(ids.count)
        else {
            throw GatewayError(
                .invalidRequest, "The body must be {\"item_ids\": [...]} with 1 to 1000 item ids.", param: "item_ids",
                reason: "invalid_value")
        }
        var results: [JSONValue] = []
        var deletable: [String] = []
        for id in ids {
            do {
                _ = try await ownedItem(id, context: context)
                deletable.append(id)
            } catch {
                results.append(["item_id": .string(id), "success": false, "error": .string(error.message)])
            }
        }
        let deleted = try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.deleteItems(ids: deletable)
        }
        results += deletable.map { id in
            deleted.contains(id)
                ? ["item_id": .string(id), "success": true, "error": .null]
                : ["item_id": .string(id), "success": false, "error": "already deleted"]
        }
        return try .json(
            JSONValue.object([
                "success": .bool(deleted.count == ids.count), "mode": "hard",
                "total_requested": .integer(ids.count), "total_deleted": .integer(deleted.count),
                "total_failed": .integer(ids.count - deleted.count), "results": .array(results),
                "message": .string("Deleted \(deleted.count) of \(ids.count) items."),
            ]))
    }

    /// The item, if it exists and the client owns its publisher.
    private func ownedItem(_ id: String, context: FlourishRequestContext) async throws(GatewayError) -> ItemRecord {
        let item = try await grounding.lookUp { () async throws(StoreError) in try await grounding.store.item(id: id) }
        guard let item else {
            throw GatewayError(.notFound, "There is no item '\(id)'.", param: "item_id", reason: "item_not_found")
        }
        _ = try await grounding.ownedPublisher(id: item.publisherID, by: context.client!)
        return item
    }
}

/// Gloo's upload answer: the items queued and the duplicates found.
struct UploadOutcome {
    var ingesting: [String] = []
    var duplicates: [String] = []
    var unknown = false

    mutating func record(_ outcome: EnqueueOutcome) {
        switch outcome {
        case .queued(let id): ingesting.append(id)
        case .duplicate(let id): duplicates.append(id)
        case .unknownItem: unknown = true
        }
    }

    func response() throws -> Response {
        if unknown {
            throw GatewayError(
                .notFound, "The item named by 'update' does not exist in this publisher.", param: "update",
                reason: "item_not_found")
        }
        return try .json(
            JSONValue.object([
                "success": true,
                "message": .string(
                    ingesting.isEmpty ? "Nothing new to process." : "File processing started in background."),
                "ingesting": JSONValue(ingesting), "duplicates": JSONValue(duplicates),
            ]))
    }
}

/// A multipart/form-data body: text fields and files.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var bytes: [UInt8]
    }

    var parts: [Part]

    func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    func files(named name: String) -> [Part] {
        parts.filter { $0.name == name && $0.filename != nil }
    }

    static func read(_ request: inout Request, limit: Int) async throws -> MultipartForm {
        guard let contentType = request.headers[.contentType],
            contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = contentType.split(separator: ";").lazy.map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst(9)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        else {
            throw GatewayError(
                .invalidRequest, "Send the files as multipart/form-data.", reason: "invalid_content_type")
        }
        let body = try await request.collectBody(limit: limit)
        return try await OffLoopWork.run(sized: body.readableBytes) { () throws(GatewayError) in
            try parse(body, boundary: boundary)
        }
    }

    private static func parse(_ body: ByteBuffer, boundary: String) throws(GatewayError) -> MultipartForm {
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var bytes: [UInt8] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in bytes += buffer.readableBytesView }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            parts.append(
                Part(
                    name: Self.parameter("name", in: disposition) ?? "",
                    filename: Self.parameter("filename", in: disposition), bytes: bytes))
            headers = []
            bytes = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw GatewayError(.invalidRequest, "The multipart body is malformed.", reason: "invalid_multipart")
        }
        return MultipartForm(parts: parts)
    }

    /// A parameter of a Content-Disposition header, e.g. `filename="a.pdf"`.
    private static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
