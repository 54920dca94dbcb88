import Foundation
@testable import ChurnData

/// Generated data directories and a plain reader of their CSV files for the generator tests.
///
/// The generator never quotes a cell, so splitting on commas reads its files exactly.
enum GeneratorFixtures {
    static func generate(
        customers: Int, months: Int = 12, seed: UInt64 = 1, drift: Bool = false, workers: Int = 2, chunkSize: Int = 64
    ) throws -> (directory: String, manifest: GeneratorManifest) {
        let directory = HistoryFixtures.temporaryDirectory()
        let config = GeneratorConfig(customers: customers, months: months, seed: seed, drift: drift, workers: workers, chunkSize: chunkSize)
        let manifest = try SyntheticDataGenerator(config: config).write(to: directory)
        return (directory, manifest)
    }

    /// Header and data rows of one generated file.
    static func rows(_ directory: String, _ file: String) throws -> (header: [String], rows: [[String]]) {
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        if lines.last == [""] { lines.removeLast() }
        return (lines.first ?? [], Array(lines.dropFirst()))
    }

    /// The bytes of every file in the directory, by name.
    static func contents(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }
}
