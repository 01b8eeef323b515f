import Foundation

/// The models Flourish can route to, read once at start from the built-in file or `FLOURISH_MODELS`.
package struct Catalog: Sendable {
    package let version: String
    package let models: [CatalogModel]
    /// How routing ranks these models, falls back and trips breakers.
    package let policy: RoutingPolicy
    private let modelsByID: [String: CatalogModel]

    /// Parses and checks a catalog file.
    /// - Throws: `CatalogError` naming what is wrong.
    package init(data: Data) throws(CatalogError) {
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: data)
        } catch {
            throw CatalogError("the catalog is not valid: \(error)")
        }
        var byID: [String: CatalogModel] = [:]
        for model in file.models {
            guard byID.updateValue(model, forKey: model.id) == nil else {
                throw CatalogError("model id '\(model.id)' appears twice")
            }
            guard model.contextWindow > 0, model.maxOutputTokens > 0, model.pricing.inputPerMillion >= 0,
                model.pricing.outputPerMillion >= 0
            else {
                throw CatalogError(
                    "model '\(model.id)' needs a positive context window and output limit, and prices of 0 or more")
            }
        }
        guard let policy = file.routingPolicy else {
            throw CatalogError(
                "the catalog has no routing_policy; copy the one in Flourish's built-in catalog and adjust it")
        }
        if let problem = policy.problem {
            throw CatalogError("routing_policy: \(problem)")
        }
        self.version = file.version
        self.policy = policy
        self.models = file.models
        self.modelsByID = byID
    }

    /// The catalog shipped with Flourish.
    package static func builtIn() throws(CatalogError) -> Catalog {
        guard let url = Bundle.module.url(forResource: "catalog", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            throw CatalogError("the built-in catalog is missing from the resource bundle")
        }
        return try Catalog(data: data)
    }

    /// Loads the catalog at `path`, or the built-in one when `path` is nil.
    package static func load(path: String?) throws(CatalogError) -> Catalog {
        guard let path else { return try builtIn() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError("cannot read the catalog file \(path) (FLOURISH_MODELS)")
        }
        do {
            return try Catalog(data: data)
        } catch {
            throw CatalogError("\(path): \(error.message)")
        }
    }

    package func model(named id: String) -> CatalogModel? {
        modelsByID[id]
    }
}

/// A catalog file that cannot be used.
package struct CatalogError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { "Invalid model catalog: \(message)" }
}

/// The catalog file's layout.
struct CatalogFile: Decodable {
    var version: String
    var models: [CatalogModel]
    var routingPolicy: RoutingPolicy?

    enum CodingKeys: String, CodingKey {
        case version, models
        case routingPolicy = "routing_policy"
    }
}
