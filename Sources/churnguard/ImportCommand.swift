import ArgumentParser
import ChurnData
import Foundation

/// `churnguard import`: turns a one-row-per-customer CSV with a churn column into a feature table.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a flat CSV (one row per customer, with a churn column) as a feature table.",
        discussion: """
            Infers each column as numeric, categorical or boolean, writes the feature table and \
            its schema (see docs/DATA.md), and reports how many rows were read, kept and \
            rejected, and why. Identifier-like columns (the id, all-distinct text, row numbers) \
            and free text are left out and listed. Blank cells are missing values.

            Example:
              churnguard import --csv Samples/telco_sample.csv --target Churn --out demo/telco.csv
              churnguard import --csv Samples/bank_sample.csv --target Exited --out demo/bank.csv
            """
    )

    @Option(help: "The CSV to import (UTF-8, header row).")
    var csv: String

    @Option(help: "The column that says whether the customer churned (Yes/No, 1/0, True/False, …).")
    var target: String

    @Option(help: "The customer id column (default: a column named like customerID or id, else the row number).")
    var id: String?

    @Option(help: "The target value that means churned (default: inferred, e.g. Yes, 1, True, Churned, Exited).")
    var positive: String?

    @Option(help: "Columns to leave out, comma-separated; may be repeated.")
    var drop: [String] = []

    @Option(name: .customLong("missing"), help: "Cell values that also mean missing, comma-separated (e.g. NA,null).")
    var missingMarkers: [String] = []

    @Option(help: "Categories listed per categorical feature, most frequent first.")
    var maxCategories = 50

    @Flag(help: "Keep identifier-like columns (all-distinct text, row numbers) as features.")
    var keepIdentifiers = false

    @Flag(help: "Print the report as JSON instead of text.")
    var json = false

    @Option(help: "The feature table to write; its schema goes to FILE.schema.json.")
    var out: String

    func validate() throws {
        guard maxCategories > 0 else { throw ValidationError("--max-categories must be at least 1") }
    }

    func run() throws {
        let options = FlatImportOptions(
            targetColumn: target, idColumn: id, positiveValue: positive,
            droppedColumns: Self.split(drop), excludeIdentifiers: !keepIdentifiers,
            missingMarkers: Self.split(missingMarkers), maxCategories: maxCategories)
        let report = try FlatCSVImporter(options).run(input: csv, output: out)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report)
        }
        if report.rowsKept == 0 {
            FileHandle.standardError.write(Data("import: no rows were kept; see the rejected rows above\n".utf8))
            throw ExitCode.failure
        }
    }

    private static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
