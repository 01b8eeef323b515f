import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode under the data directory.
package struct SQLiteStore: Sendable {
    private let pool: DatabasePool

    /// Opens (creating and migrating when needed) the database at `path`.
    package init(path: String) throws(StoreError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open the database at \(path)", underlying: error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-clients") { db in
            try db.create(table: "client") { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
                table.column("secret_hash", .blob).notNull()
                table.column("scopes", .text).notNull()
                table.column("generation", .integer).notNull().defaults(to: 1)
                table.column("created_at", .datetime).notNull()
                table.column("rotated_at", .datetime)
                table.column("revoked_at", .datetime)
            }
        }
        registerGroundingMigration(&migrator)
        return migrator
    }

    /// Runs a write, wrapping database errors.
    func write<T: Sendable>(_ operation: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(operation)
        } catch {
            throw StoreError("database write failed", underlying: error)
        }
    }

    /// Runs a read, wrapping database errors.
    func read<T: Sendable>(_ operation: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(operation)
        } catch {
            throw StoreError("database read failed", underlying: error)
        }
    }

    /// The journal mode in force, for diagnostics and tests.
    package func journalMode() async throws(StoreError) -> String {
        try await read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
