import FlourishAPI
import FlourishAuth
import FlourishStore
import Foundation
import Hummingbird

/// /admin/v1/publishers for operators (tokens with `api/admin`): list, create with owners, delete, add an owner.
struct AdminController: Sendable {
    let grounding: GroundingServices

    func addRoutes(to group: RouterGroup<FlourishRequestContext>) {
        group.get("publishers", use: list)
        group.post("publishers", use: create)
        group.delete("publishers/:publisher", use: delete)
        group.post("publishers/:publisher/owners", use: addOwner)
    }

    @Sendable func list(request: Request, context: FlourishRequestContext) async throws -> Response {
        let publishers = try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.allPublishers()
        }
        return try .json(
            JSONValue.object(["data": .array(publishers.map { Self.json($0.publisher, owners: $0.owners) })]))
    }

    /// `{"name": "...", "public": false, "owners": ["client id", ...]}` → 201, or 409 when the name is taken.
    @Sendable func create(request: Request, context: FlourishRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(limit: 1 << 16)
        guard let json = try? JSONValue(parsing: body.readableBytesView),
            let name = json["name"]?.stringValue, PublisherName.isValid(name)
        else {
            throw GatewayError(
                .invalidRequest, "Send {\"name\": ...} with a publisher name of 1 to 100 visible characters.",
                param: "name", reason: "invalid_value")
        }
        let owners = json["owners"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let publisher = PublisherRecord(
            id: UUID().uuidString.lowercased(), name: name, isPublic: json["public"]?.boolValue ?? false,
            createdAt: Date())
        let created = try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.createPublisher(publisher, owners: owners)
        }
        guard created else {
            throw GatewayError(
                .invalidRequest, "A publisher named '\(name)' exists already.", param: "name",
                reason: "publisher_exists")
        }
        return try .json(Self.json(publisher, owners: owners), status: .created)
    }

    @Sendable func delete(request: Request, context: FlourishRequestContext) async throws -> Response {
        let id = try context.parameters.require("publisher")
        let deleted = try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.deletePublisher(id: id)
        }
        guard deleted else {
            throw GatewayError(.notFound, "There is no publisher '\(id)'.", reason: "publisher_not_found")
        }
        return try .json(JSONValue.object(["id": .string(id), "deleted": true]))
    }

    /// `{"client_id": "..."}`: the client may ingest into the publisher and ground on it.
    @Sendable func addOwner(request: Request, context: FlourishRequestContext) async throws -> Response {
        let id = try context.parameters.require("publisher")
        var request = request
        let body = try await request.collectBody(limit: 1 << 16)
        guard let json = try? JSONValue(parsing: body.readableBytesView),
            let client = json["client_id"]?.stringValue
        else {
            throw GatewayError(
                .invalidRequest, "Send {\"client_id\": ...}.", param: "client_id", reason: "missing_required_parameter")
        }
        let publisher = try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.publisher(id: id)
        }
        guard let publisher else {
            throw GatewayError(.notFound, "There is no publisher '\(id)'.", reason: "publisher_not_found")
        }
        try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.addOwner(publisherID: publisher.id, clientID: client)
        }
        let owners = try await grounding.lookUp { () async throws(StoreError) in
            try await grounding.store.owners(publisherID: publisher.id)
        }
        return try .json(Self.json(publisher, owners: owners))
    }

    static func json(_ publisher: PublisherRecord, owners: [String]) -> JSONValue {
        [
            "id": .string(publisher.id), "name": .string(publisher.name), "public": .bool(publisher.isPublic),
            "owners": JSONValue(owners),
            "created_at": .string(ISO8601DateFormatter().string(from: publisher.createdAt)),
        ]
    }
}

/// Publisher names: what `rag_publisher` and `tenant` carry.
package enum PublisherName {
    package static func isValid(_ name: String) -> Bool {
        (1...100).contains(name.count) && !name.contains(where: { $0.isNewline })
            && name.trimmingCharacters(in: .whitespaces) == name
    }
}
