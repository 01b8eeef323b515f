import FlourishAPI
import FlourishRouting
import Foundation
import Hummingbird
import NIOCore

/// GET /ai/v2/models and /platform/v2/models: the catalog in OpenAI's list shape with Gloo's fields,
/// each model marked available or not as the providers stand now.
struct ModelsController: Sendable {
    let catalog: Catalog
    let providers: ProviderDirectory
    let created: Int

    init(catalog: Catalog, providers: ProviderDirectory) {
        self.catalog = catalog
        self.providers = providers
        self.created = Int(
            ISO8601DateFormatter().date(from: catalog.version + "T00:00:00Z")?.timeIntervalSince1970 ?? 0)
    }

    func addRoutes(to router: Hummingbird.Router<FlourishRequestContext>) {
        router.get("/ai/v2/models", use: list)
        router.get("/platform/v2/models", use: list)
    }

    @Sendable func list(request: Request, context: FlourishRequestContext) async throws -> Response {
        let available = providers.availableModelIDs
        let list = ModelList(
            data: catalog.models.map { ModelEntry(model: $0, created: created, isAvailable: available.contains($0.id)) }
        )
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONCoding.encode(list))))
    }
}

struct ModelList: Encodable {
    var object = "list"
    var data: [ModelEntry]
}

/// One model as listed: OpenAI's `{id, object, created, owned_by}` plus Gloo's registry fields.
struct ModelEntry: Encodable {
    struct Rate: Encodable {
        var ratePer1kTokens: String
        enum CodingKeys: String, CodingKey { case ratePer1kTokens = "rate_per_1k_tokens" }
    }

    var id: String
    var object = "model"
    var created: Int
    var ownedBy: String
    var name: String
    var family: String
    var description: String
    var tier: String
    var contextWindow: Int
    var maxOutputTokens: Int
    var pricing: [String: Rate]
    var supportsTools: Bool
    var supportsReasoning: Bool
    var inputModalities: [String]
    var outputModalities = ["text"]
    /// Whether this gateway has the provider configured.
    var available: Bool

    init(model: CatalogModel, created: Int, isAvailable: Bool) {
        id = model.id
        self.created = created
        ownedBy = model.family.displayName
        name = model.name
        family = model.family.displayName
        description = model.description
        tier = model.tier.rawValue
        contextWindow = model.contextWindow
        maxOutputTokens = model.maxOutputTokens
        pricing = [
            "input": Rate(ratePer1kTokens: Self.perThousand(model.pricing.inputPerMillion)),
            "output": Rate(ratePer1kTokens: Self.perThousand(model.pricing.outputPerMillion)),
        ]
        supportsTools = model.supportsTools
        supportsReasoning = model.supportsReasoning
        inputModalities = model.inputModalities
        available = isAvailable
    }

    /// Gloo prints rates per thousand tokens as decimal strings.
    static func perThousand(_ perMillion: Double) -> String {
        let value = perMillion / 1000
        var text = String(format: "%.8f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, name, family, description, tier, pricing, available
        case ownedBy = "owned_by"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case supportsTools = "supports_tools"
        case supportsReasoning = "supports_reasoning"
        case inputModalities = "input_modalities"
        case outputModalities = "output_modalities"
    }
}
