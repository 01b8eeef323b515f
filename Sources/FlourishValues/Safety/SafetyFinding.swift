import FlourishAPI

/// One hit of the screen: what was found, how bad, where (UTF-8 offsets into the screened text), and what the
/// policy does about it.
package struct SafetyFinding: Sendable, Equatable {
    package var category: SafetyCategory
    package var severity: SafetySeverity
    package var stage: SafetyStage
    /// UTF-8 offsets of the words that matched, in the text that was screened.
    package var span: Range<Int>
    /// Set by the policy; `annotate` until then.
    package var action: SafetyAction = .annotate

    package var dimension: SafetyDimension { category.dimension }

    package init(category: SafetyCategory, severity: SafetySeverity, stage: SafetyStage, span: Range<Int>) {
        self.category = category
        self.severity = severity
        self.stage = stage
        self.span = span
    }
}

extension [SafetyFinding] {
    /// What a response's `safety` object shows: every finding the policy did not merely allow.
    package var reported: [SafetyReport.Finding] {
        filter { $0.action != .allow }.map(\.reported)
    }
}

extension SafetyFinding {
    /// How the finding appears in a response's `safety` object.
    package var reported: SafetyReport.Finding {
        .init(dimension: dimension, category: category, severity: severity, action: action, stage: stage)
    }
}
