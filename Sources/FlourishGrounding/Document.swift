import FlourishStore

/// An item's content read into its structure: sections in order, each under a heading path and, for
/// scripture, with its verse reference.
package struct Document: Sendable, Equatable {
    package struct Section: Sendable, Equatable {
        /// The heading path, e.g. "Part 1 › Grace"; nil before the first heading.
        package var heading: String?
        /// The scripture reference of this section, e.g. "Luke 15:11" for a verse.
        package var reference: String?
        package var text: String

        package init(heading: String? = nil, reference: String? = nil, text: String) {
            self.heading = heading
            self.reference = reference
            self.text = text
        }
    }

    package var metadata: ItemMetadata
    package var sections: [Section]

    package init(metadata: ItemMetadata, sections: [Section]) {
        self.metadata = metadata
        self.sections = sections
    }
}

/// A passage ready to index.
package struct Passage: Sendable, Equatable {
    package var text: String
    package var heading: String?
    package var reference: String?

    package init(text: String, heading: String?, reference: String?) {
        self.text = text
        self.heading = heading
        self.reference = reference
    }
}
