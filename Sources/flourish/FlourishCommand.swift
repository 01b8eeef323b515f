import ArgumentParser

struct FlourishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flourish",
        abstract: "A self-hostable AI gateway implementing the Gloo AI platform API.",
        subcommands: [
            Serve.self, Clients.self, Route.self, Publishers.self, Ingest.self, Search.self, EvaluateRetrieval.self,
            EvaluateSafety.self,
        ],
        defaultSubcommand: Serve.self)
}
