import FlourishAuth
import FlourishStore
import Foundation

/// What `serve` and the operator commands share on one data directory: the store and the client registry.
package struct GatewayState: Sendable {
    package let store: SQLiteStore
    package let revocations: RevocationList
    package let registry: ClientRegistry
    package let dataDir: String

    /// Opens the data directory, creating it (mode 0700) and the database on first use.
    package static func open(configuration: GatewayConfiguration) throws -> GatewayState {
        if let url = configuration.databaseURL {
            throw SetupError(
                "FLOURISH_DATABASE_URL is set (\(url.prefix(11))…), but this build of Flourish stores its state in SQLite only. Unset it to use \(configuration.dataDir)."
            )
        }
        let dataDir = configuration.dataDir
        do {
            try FileManager.default.createDirectory(
                atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SetupError("cannot create the data directory \(dataDir): \(error.localizedDescription)")
        }
        let store = try SQLiteStore(path: (dataDir as NSString).appendingPathComponent("flourish.sqlite"))
        let revocations = RevocationList()
        return GatewayState(
            store: store, revocations: revocations, registry: ClientRegistry(store: store, revocations: revocations),
            dataDir: dataDir)
    }
}

/// The gateway cannot start as configured.
package struct SetupError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
