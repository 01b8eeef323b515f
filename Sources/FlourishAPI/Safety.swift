/// What a safety finding is about. Wire names are the category names of `safety` objects and policy files.
package enum SafetyCategory: String, Sendable, CaseIterable, Codable {
    case selfHarm = "self_harm"
    case abuseDanger = "abuse_danger"
    case violence
    case minorsSexual = "minors_sexual"
    case dangerousInstructions = "dangerous_instructions"
    case promptInjection = "prompt_injection"
    case promptExtraction = "prompt_extraction"
    case personalData = "pii_leak"

    /// The Flourishing Engine dimension the category belongs to.
    package var dimension: SafetyDimension {
        switch self {
        case .selfHarm: .emotional
        case .abuseDanger, .violence, .dangerousInstructions: .physical
        case .minorsSexual: .ethical
        case .promptInjection, .promptExtraction, .personalData: .security
        }
    }
}

/// The six dimensions Gloo's platform screens across.
package enum SafetyDimension: String, Sendable, Codable {
    case physical, ethical, emotional, factual, theological, security
}

/// How serious a finding is; `low` findings are reported but never stop a request on their own.
package enum SafetySeverity: String, Sendable, Codable, Comparable, CaseIterable {
    case low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// What the values layer does about a finding, weakest first.
package enum SafetyAction: String, Sendable, Codable, Comparable, CaseIterable {
    /// Nothing: the finding is only logged.
    case allow
    /// The request proceeds and the response carries a `safety` object.
    case annotate
    /// The person gets a warm reply with crisis resources instead of a model's answer.
    case care
    /// The request never reaches a provider (input) or the answer stops (output).
    case block

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Which text is screened: the caller's messages or the model's answer.
package enum SafetyStage: String, Sendable, Codable {
    case input, output
}

/// The `safety` object of a response or stream chunk: what the values layer found and did, never the text of
/// a rule or a prompt.
package struct SafetyReport: Codable, JSONWritable, Sendable, Equatable {
    package struct Finding: Codable, JSONWritable, Sendable, Equatable {
        package var dimension: SafetyDimension
        package var category: SafetyCategory
        package var severity: SafetySeverity
        package var action: SafetyAction
        package var stage: SafetyStage

        package init(
            dimension: SafetyDimension, category: SafetyCategory, severity: SafetySeverity, action: SafetyAction,
            stage: SafetyStage
        ) {
            self.dimension = dimension
            self.category = category
            self.severity = severity
            self.action = action
            self.stage = stage
        }

        package var json: JSONValue {
            .object([
                "dimension": .string(dimension.rawValue), "category": .string(category.rawValue),
                "severity": .string(severity.rawValue), "action": .string(action.rawValue),
                "stage": .string(stage.rawValue),
            ])
        }
    }

    /// The strongest action taken.
    package var action: SafetyAction
    package var findings: [Finding]

    package init(findings: [Finding]) {
        self.action = findings.map(\.action).max() ?? .allow
        self.findings = findings
    }

    package var json: JSONValue {
        .object(["action": .string(action.rawValue), "findings": .array(findings.map(\.json))])
    }

    /// Input findings followed by output findings.
    package func adding(_ more: [Finding]) -> SafetyReport {
        SafetyReport(findings: findings + more)
    }
}
