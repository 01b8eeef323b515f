import ArgumentParser
import FlourishAuth
import FlourishServer
import Foundation

struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage OAuth2 clients.", subcommands: [Create.self, List.self, Revoke.self, Rotate.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a client and print its secret, once.")
        @OptionGroup var environment: EnvironmentOptions
        @Option(help: "A name to recognise the client by.") var name: String
        @Flag(help: "Print {\"client_id\", \"client_secret\"} as JSON.") var json = false
        @Flag(help: "Also grant the operator scope api/admin (publisher management over HTTP).") var admin = false

        func run() async throws {
            let state = try GatewayState.open(configuration: environment.configuration())
            let credentials = try await state.registry.create(name: name, admin: admin)
            printCredentials(credentials, json: json)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List clients (never their secrets).")
        @OptionGroup var environment: EnvironmentOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let state = try GatewayState.open(configuration: environment.configuration())
            let clients = try await state.registry.list()
            if json {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(clients), as: UTF8.self))
                return
            }
            let dates = ISO8601DateFormatter()
            for client in clients {
                let status = client.revokedAt.map { "revoked \(dates.string(from: $0))" } ?? "active"
                print("\(client.clientID)  \(client.name)  created \(dates.string(from: client.createdAt))  \(status)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a client: no new tokens, and its tokens stop working.")
        @OptionGroup var environment: EnvironmentOptions
        @Argument(help: "The client id.") var clientID: String

        func run() async throws {
            let state = try GatewayState.open(configuration: environment.configuration())
            guard try await state.registry.revoke(clientID: clientID) else {
                throw ValidationError("No client has the id \(clientID).")
            }
            print("Revoked \(clientID).")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a client a new secret; the old secret and its tokens stop working.")
        @OptionGroup var environment: EnvironmentOptions
        @Argument(help: "The client id.") var clientID: String
        @Flag(help: "Print {\"client_id\", \"client_secret\"} as JSON.") var json = false

        func run() async throws {
            let state = try GatewayState.open(configuration: environment.configuration())
            guard let credentials = try await state.registry.rotate(clientID: clientID) else {
                throw ValidationError("No active client has the id \(clientID).")
            }
            printCredentials(credentials, json: json)
        }
    }
}

private func printCredentials(_ credentials: ClientCredentials, json: Bool) {
    if json {
        print(#"{"client_id": "\#(credentials.clientID)", "client_secret": "\#(credentials.clientSecret)"}"#)
    } else {
        print("client_id:     \(credentials.clientID)")
        print("client_secret: \(credentials.clientSecret)")
        print("The secret is shown only this once.")
    }
}
