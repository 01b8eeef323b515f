import FlourishAPI
import Foundation

/// The perspective instructions for each tradition, read once from the versioned files in `Perspectives/`.
package struct PerspectiveLibrary: Sendable {
    /// The folder of perspective texts in use.
    package static let version = "v1"

    /// Used when a request names no tradition: a broad, shared Christian perspective.
    package let general: String
    private let byTradition: [Tradition: String]

    package init(general: String, byTradition: [Tradition: String]) {
        self.general = general
        self.byTradition = byTradition
    }

    /// Loads the texts shipped with Flourish.
    /// - Throws: `PerspectiveError` when a file is missing or empty.
    package static func bundled() throws(PerspectiveError) -> PerspectiveLibrary {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Perspectives/\(version)") else {
            throw PerspectiveError("the perspective files are missing from the resource bundle")
        }
        func text(_ name: String) throws(PerspectiveError) -> String {
            let url = root.appendingPathComponent("\(name).md")
            guard let data = try? Data(contentsOf: url),
                case let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                !text.isEmpty
            else {
                throw PerspectiveError("the perspective file \(url.path) is missing or empty")
            }
            return text
        }
        var byTradition: [Tradition: String] = [:]
        for tradition in Tradition.allCases {
            byTradition[tradition] = try text(tradition.rawValue)
        }
        return PerspectiveLibrary(general: try text("general"), byTradition: byTradition)
    }

    /// Every perspective text, so answers can be screened for repeating one.
    package var texts: [String] { [general] + Tradition.allCases.compactMap { byTradition[$0] } }

    /// The instruction for a tradition, or the general one when none was asked for.
    package func instruction(for tradition: Tradition?) -> String {
        tradition.flatMap { byTradition[$0] } ?? general
    }
}

/// The perspective files cannot be used.
package struct PerspectiveError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
