import FlourishAPI
import Foundation

/// What the values layer does for each client: policies (an action per category), which client uses which,
/// the replies given instead of an answer, and crisis resources by country. Read from `SafetyData/policy.json`,
/// then from an operator's file in the same format, whose entries win by name.
package struct SafetySettings: Sendable {
    package struct Policy: Sendable, Decodable {
        package var actions: [SafetyCategory: SafetyAction]
        /// Whether clients with this policy may use `/ai/v2/direct/chat/completions`.
        package var allowsDirectRoute: Bool

        enum CodingKeys: String, CodingKey {
            case actions
            case allowsDirectRoute = "direct_route"
        }

        package init(actions: [SafetyCategory: SafetyAction], allowsDirectRoute: Bool) {
            self.actions = actions
            self.allowsDirectRoute = allowsDirectRoute
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let named = try container.decode([String: SafetyAction].self, forKey: .actions)
            var actions: [SafetyCategory: SafetyAction] = [:]
            for (name, action) in named {
                guard let category = SafetyCategory(rawValue: name) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .actions, in: container, debugDescription: "unknown category '\(name)'")
                }
                actions[category] = action
            }
            self.actions = actions
            allowsDirectRoute = try container.decodeIfPresent(Bool.self, forKey: .allowsDirectRoute) ?? false
        }

        /// The action for a finding: the category's (block when the policy does not name it), but never more
        /// than annotate for a low-severity finding.
        package func action(for finding: SafetyFinding) -> SafetyAction {
            let action = actions[finding.category] ?? .block
            return finding.severity == .low ? min(action, .annotate) : action
        }
    }

    /// A client's assignment: a policy name and the country whose crisis resources it gets.
    package struct Assignment: Sendable, Decodable {
        package var policy: String?
        package var country: String?
    }

    package struct CrisisResources: Sendable, Decodable {
        package var emergency: String
        package var selfHarm: [String]
        package var abuseDanger: [String]

        enum CodingKeys: String, CodingKey {
            case emergency
            case selfHarm = "self_harm"
            case abuseDanger = "abuse_danger"
        }
    }

    /// The file format; every key optional so an operator's file names only what it changes.
    struct File: Decodable {
        var defaultPolicy: String?
        var defaultCountry: String?
        var policies: [String: Policy]?
        var clients: [String: Assignment]?
        var replies: [String: String]?
        var crisisResources: [String: CrisisResources]?

        enum CodingKeys: String, CodingKey {
            case policies, clients, replies
            case defaultPolicy = "default_policy"
            case defaultCountry = "default_country"
            case crisisResources = "crisis_resources"
        }
    }

    package private(set) var defaultPolicy: String
    package private(set) var defaultCountry: String
    package private(set) var policies: [String: Policy]
    package private(set) var clients: [String: Assignment]
    private var replies: [SafetyCategory: String]
    private var crisisResources: [String: CrisisResources]

    /// The defaults shipped with Flourish, overlaid with the operator's file at `overrides` when given.
    /// - Throws: `SafetyConfigurationError` when a file cannot be read or names something that does not exist.
    package static func load(overrides: URL? = nil) throws(SafetyConfigurationError) -> SafetySettings {
        guard let url = Bundle.module.url(forResource: "policy", withExtension: "json", subdirectory: "SafetyData")
        else {
            throw SafetyConfigurationError("the safety policy is missing from the resource bundle")
        }
        var settings = try SafetySettings(base: try file(at: url))
        if let overrides { try settings.apply(try file(at: overrides)) }
        try settings.validate()
        return settings
    }

    private static func file(at url: URL) throws(SafetyConfigurationError) -> File {
        guard let data = try? Data(contentsOf: url) else {
            throw SafetyConfigurationError("cannot read the safety policy file \(url.path)")
        }
        do {
            return try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw SafetyConfigurationError("the safety policy file \(url.path) is not valid: \(error)")
        }
    }

    private init(base: File) throws(SafetyConfigurationError) {
        defaultPolicy = base.defaultPolicy ?? "standard"
        defaultCountry = base.defaultCountry ?? "default"
        policies = base.policies ?? [:]
        clients = base.clients ?? [:]
        replies = [:]
        crisisResources = base.crisisResources ?? [:]
        try mergeReplies(base.replies ?? [:])
    }

    private mutating func apply(_ file: File) throws(SafetyConfigurationError) {
        if let name = file.defaultPolicy { defaultPolicy = name }
        if let country = file.defaultCountry { defaultCountry = country }
        policies.merge(file.policies ?? [:]) { $1 }
        clients.merge(file.clients ?? [:]) { $1 }
        crisisResources.merge(file.crisisResources ?? [:]) { $1 }
        try mergeReplies(file.replies ?? [:])
    }

    private mutating func mergeReplies(_ named: [String: String]) throws(SafetyConfigurationError) {
        for (name, text) in named {
            guard let category = SafetyCategory(rawValue: name) else {
                throw SafetyConfigurationError("the safety policy has a reply for an unknown category '\(name)'")
            }
            replies[category] = text
        }
    }

    private func validate() throws(SafetyConfigurationError) {
        guard policies[defaultPolicy] != nil else {
            throw SafetyConfigurationError("the default safety policy '\(defaultPolicy)' is not defined")
        }
        for (client, assignment) in clients {
            if let name = assignment.policy, policies[name] == nil {
                throw SafetyConfigurationError("client \(client) has the undefined safety policy '\(name)'")
            }
        }
        guard crisisResources["default"] != nil else {
            throw SafetyConfigurationError("the safety policy has no \"default\" crisis resources")
        }
        for category in SafetyCategory.allCases where replies[category] == nil {
            throw SafetyConfigurationError("the safety policy has no reply for '\(category.rawValue)'")
        }
    }

    /// The policy of `clientID` (the default policy for a client the file does not name).
    package func policy(for clientID: String?) -> Policy {
        let name = clientID.flatMap { clients[$0]?.policy } ?? defaultPolicy
        return policies[name] ?? policies[defaultPolicy] ?? Policy(actions: [:], allowsDirectRoute: false)
    }

    /// The reply given instead of an answer for `category`, with the crisis resources of the client's country.
    package func reply(for category: SafetyCategory, clientID: String?) -> String {
        let country = clientID.flatMap { clients[$0]?.country } ?? defaultCountry
        let resources = crisisResources[country.uppercased()] ?? crisisResources[country] ?? crisisResources["default"]
        let lines = category == .abuseDanger ? resources?.abuseDanger : resources?.selfHarm
        let list = (lines ?? []).map { "- \($0)" }.joined(separator: "\n")
        return (replies[category] ?? "")
            .replacingOccurrences(of: "{resources}", with: list)
            .replacingOccurrences(of: "{emergency}", with: resources?.emergency ?? "your local emergency number")
    }
}
