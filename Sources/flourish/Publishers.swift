import ArgumentParser
import FlourishServer
import FlourishStore
import Foundation

struct Publishers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the publishers grounded completions answer from.",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a publisher; says 'exists' (exit 0) when one of that name is there already.")
        @OptionGroup var environment: EnvironmentOptions
        @Argument(help: "The publisher's name, as rag_publisher will give it (case-sensitive).") var name: String
        @Flag(help: "Readable by every client (only owners may ingest).") var `public` = false
        @Option(name: .customLong("owner"), help: "A client id that may ingest into it and ground on it (repeatable).")
        var owners: [String] = []

        func run() async throws {
            guard PublisherName.isValid(name) else {
                throw ValidationError("A publisher name has 1 to 100 characters, no line breaks, no outer spaces.")
            }
            let state = try GatewayState.open(configuration: environment.configuration())
            let publisher = PublisherRecord(
                id: UUID().uuidString.lowercased(), name: name, isPublic: `public`, createdAt: Date())
            if try await state.store.createPublisher(publisher, owners: owners) {
                print("Created publisher \(name) (id \(publisher.id)\(`public` ? ", public" : "")).")
            } else {
                let existing = try await state.store.publisher(named: name)
                for owner in owners { try await state.store.addOwner(publisherID: existing!.id, clientID: owner) }
                print("Publisher \(name) exists (id \(existing!.id)).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List publishers with their owners and items.")
        @OptionGroup var environment: EnvironmentOptions

        func run() async throws {
            let state = try GatewayState.open(configuration: environment.configuration())
            for (publisher, owners) in try await state.store.allPublishers() {
                let items = try await state.store.items(publisherID: publisher.id)
                let done = items.count { $0.status == .completed }
                let failed = items.count { $0.status == .failed }
                print(
                    "\(publisher.id)  \(publisher.name)  \(publisher.isPublic ? "public" : "private")  "
                        + "\(done)/\(items.count) items indexed\(failed > 0 ? ", \(failed) failed" : "")  "
                        + "owners: \(owners.isEmpty ? "none" : owners.joined(separator: ", "))")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a publisher with all its items.")
        @OptionGroup var environment: EnvironmentOptions
        @Argument(help: "The publisher's name.") var name: String

        func run() async throws {
            let state = try GatewayState.open(configuration: environment.configuration())
            guard let publisher = try await state.store.publisher(named: name),
                try await state.store.deletePublisher(id: publisher.id)
            else { throw ValidationError("There is no publisher named \(name).") }
            print("Deleted publisher \(name).")
        }
    }
}
