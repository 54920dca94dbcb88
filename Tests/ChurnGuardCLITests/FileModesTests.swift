import Foundation
import Testing

/// What `churnguard` creates is readable by its own user only, whatever the caller's umask: the
/// home, the database, generated data and a privacy export hold customer data.
@Suite struct FileModesTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func createdFilesAreTheOwnersOnly() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        let home = directory.appendingPathComponent("home").path
        let raw = directory.appendingPathComponent("raw").path
        // The test process's own umask (usually 022) would leave these world-readable.
        #expect(try await CLIProcess.run(["generate", "--customers", "50", "--months", "2", "--out", raw]).status == 0)
        #expect(try await CLIProcess.run(["ingest", "--data", raw, "--as-of", "2025-02-01", "--home", home]).status == 0)
        #expect(try await CLIProcess.run(["token", "--role", "scorer", "--home", home]).status == 0)
        for (path, expected) in [(home, 0o700), (raw, 0o700), (home + "/churnguard.sqlite", 0o600), (home + "/jwt-secret", 0o600),
                                 (raw + "/customers.csv", 0o600)] {
            let mode = try Self.mode(path)
            #expect(mode == expected, "\(path) is \(String(mode, radix: 8)), expected \(String(expected, radix: 8))")
        }
    }
}
