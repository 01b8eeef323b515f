import FlourishAPI
import FlourishValues

/// One response's screening: the input findings to report with the answer, and the guard over the answer.
struct Screening: Sendable {
    /// Findings on the input that let the request through (annotate), reported on the first chunk or the body.
    var input: [SafetyReport.Finding] = []
    /// Nil on the direct route.
    var output: OutputGuard?
    private var hasReportedInput = false

    init() {}

    /// Screens each choice of a whole answer, cutting one that must stop at the finding, and attaches the report.
    mutating func screen(_ completion: inout ChatCompletion) {
        var found: [SafetyReport.Finding] = []
        if let output {
            for index in completion.choices.indices {
                guard let content = completion.choices[index].message.content else { continue }
                var screen = output  // a fresh guard per choice
                let admitted = screen.admit(content, isLast: true)
                if screen.isStopped {
                    completion.choices[index].message.content = admitted
                    completion.choices[index].message.toolCalls = nil
                    completion.choices[index].finishReason = "content_filter"
                }
                found += screen.findings.reported
            }
        }
        if !input.isEmpty || !found.isEmpty { completion.safety = SafetyReport(findings: input + found) }
    }

    /// Screens a chunk's text before it goes out. Returns true when the answer stops with this chunk: its text
    /// is cut before the finding, its finish_reason is "content_filter" and it carries the report.
    mutating func screen(_ chunk: inout ChatChunk) -> Bool {
        if !hasReportedInput, !chunk.choices.isEmpty {
            hasReportedInput = true
            if !input.isEmpty { chunk.safety = SafetyReport(findings: input) }
        }
        guard var screen = output else { return false }
        defer { output = screen }
        for index in chunk.choices.indices {
            let isLast = chunk.choices[index].finishReason != nil
            guard chunk.choices[index].delta.content != nil || isLast else { continue }
            let admitted = screen.admit(chunk.choices[index].delta.content ?? "", isLast: isLast)
            if chunk.choices[index].delta.content != nil || !admitted.isEmpty {
                chunk.choices[index].delta.content = admitted
            }
            guard screen.isStopped else { continue }
            chunk.choices = [chunk.choices[index]]
            chunk.choices[0].delta.content = admitted
            chunk.choices[0].delta.toolCalls = nil
            chunk.choices[0].finishReason = "content_filter"
            chunk.usage = nil
            chunk.safety = SafetyReport(findings: input + screen.findings.reported)
            return true
        }
        return false
    }
}
