import FlourishAPI
import FlourishStore

/// What the model is told about the retrieved passages, and the citations returned with its answer.
package struct GroundedPrompt: Sendable {
    package var publisher: String
    package var hits: [Retriever.Hit]

    package init(publisher: String, hits: [Retriever.Hit]) {
        self.publisher = publisher
        self.hits = hits
    }

    /// A system message numbering the passages and asking for an answer from them with [n] citations; when
    /// nothing was found, one asking the model to say so instead of inventing.
    package var instructions: ChatMessage {
        guard !hits.isEmpty else {
            return ChatMessage(
                role: .system,
                content: .text(
                    "The user asked about content published by \(publisher), but nothing in that content matches the question. Say plainly that \(publisher)'s content does not cover it. Do not invent quotations, sources or citations; if you add anything from general knowledge, say clearly that it does not come from \(publisher)."
                ))
        }
        let passages = hits.enumerated().map { index, hit in
            "[\(index + 1)] \(Self.label(of: hit.passage))\n\(hit.passage.text)"
        }
        return ChatMessage(
            role: .system,
            content: .text(
                """
                Answer the user from the numbered passages below, published by \(publisher). Cite every passage you \
                use with its number in square brackets, like [1]. Quote scripture exactly as the passages give it. \
                If the passages do not answer the question, say so rather than inventing an answer.

                \(passages.joined(separator: "\n\n"))
                """))
    }

    /// The cited items in order of their best passage, each with its passages.
    package var citations: [Citation] {
        var order: [String] = []
        var byItem: [String: Citation] = [:]
        for hit in hits {
            let passage = hit.passage
            let section = Citation.Section(
                reference: passage.reference ?? passage.heading, snippet: passage.text,
                score: (hit.score * 10_000).rounded() / 10_000)
            if byItem[passage.itemID] == nil {
                order.append(passage.itemID)
                let metadata = passage.metadata
                byItem[passage.itemID] = Citation(
                    itemID: passage.itemID, itemTitle: metadata.itemTitle ?? metadata.filename,
                    itemURL: metadata.itemURL, author: metadata.author ?? [], publisher: publisher,
                    publicationDate: metadata.publicationDate, snippets: [], sections: [])
            }
            byItem[passage.itemID]!.snippets.append(passage.text)
            byItem[passage.itemID]!.sections.append(section)
        }
        return order.map { byItem[$0]! }
    }

    /// "Luke 15:11-16 — Luke 15, World English Bible" or the item title and heading.
    private static func label(of passage: StoredPassage) -> String {
        let title = passage.metadata.itemTitle ?? passage.metadata.filename ?? "untitled"
        let place = passage.reference ?? passage.heading
        let author = passage.metadata.author.map { $0.joined(separator: ", ") }.flatMap { $0.isEmpty ? nil : $0 }
        return [place, title, author].compactMap { $0 }.joined(separator: " — ")
    }
}
