import ArgumentParser
import ChurnData
import ChurnModel
import ChurnTraining
import Foundation

/// `churnguard predict`: scores a feature table offline with reasons for every score.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score every row of a feature table with a model bundle, with the reasons behind each score.",
        discussion: """
            Writes one CSV row per input row: customer_id, as_of, raw_probability (the model's own output), \
            churn_probability (calibrated), churn_risk_level, action_code, top_churn_feature, and reasons \
            (JSON: the top features with their value and exact TreeSHAP contribution in log-odds).

            Examples:
              churnguard predict --bundle demo/model --input demo/features.csv --as-of latest --out demo/scores.csv
            """
    )

    @Option(name: .long, help: "Model bundle directory.")
    var bundle: String

    @Option(name: .long, help: "Feature table to score (labels are ignored).")
    var input: String

    @Option(name: .long, help: "CSV file to write.")
    var out: String

    @Option(name: .long, help: "Only rows of this snapshot date (YYYY-MM-DD), or 'latest' for the newest date in the table.")
    var asOf: String?

    @Option(name: .long, help: "Reasons per prediction.")
    var reasons = 5

    @Option(name: .long, help: "Threads for TreeSHAP.")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let asOf, asOf != "latest", CalendarDay(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is neither a YYYY-MM-DD date nor 'latest'")
        }
        guard (1...50).contains(reasons) else { throw ValidationError("--reasons must be between 1 and 50") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    }

    func run() throws {
        let started = Date()
        let model = try ModelBundle.load(from: bundle)
        let table = try EncodedFeatureTable.load(path: input, schema: model.manifest.featureSchema, keepRawValues: true)
        let rows = try selectRows(table)
        StandardError.print("scoring \(rows.count) of \(table.rowCount) rows with model \(model.version)")
        var predictor = ChurnPredictor(bundle: model)
        predictor.reasonCount = reasons
        let values = table.rawValues ?? []
        let total = rows.count
        let predictions = predictor.predictBatch(
            customerIDs: rows.map { table.customerIDs[$0] }, values: rows.map { values[$0] }, workers: workers,
            progress: { [throttle = ProgressThrottle()] done in
                if throttle.due(final: done == total) { StandardError.print("scored \(done)/\(total)") }
            })

        let partial = out + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            let writer = try CSVWriter(path: partial)
            try writer.writeRow([
                "customer_id", "as_of", "raw_probability", "churn_probability", "churn_risk_level", "action_code",
                "top_churn_feature", "reasons",
            ])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var tiers: [RiskLevel: Int] = [:]
            for (position, prediction) in predictions.enumerated() {
                let day = table.asOfDays[rows[position]].map { CalendarDay(daysSinceEpoch: $0).description } ?? ""
                tiers[prediction.riskLevel, default: 0] += 1
                try writer.writeRow([
                    prediction.customerID, day, String(format: "%.6f", prediction.rawProbability),
                    String(format: "%.6f", prediction.churnProbability), prediction.riskLevel.rawValue, prediction.actionCode,
                    prediction.topChurnFeature, String(decoding: try encoder.encode(prediction.reasons), as: UTF8.self),
                ])
            }
            try writer.close()
            if FileManager.default.fileExists(atPath: out) { try FileManager.default.removeItem(atPath: out) }
            try FileManager.default.moveItem(atPath: partial, toPath: out)
            let summary = RiskLevel.allCases.reversed().compactMap { level in tiers[level].map { "\(level.rawValue) \($0)" } }
            print("Scored \(predictions.count) rows in \(seconds(since: started)): \(summary.joined(separator: ", ")). Wrote \(out)")
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    private func selectRows(_ table: EncodedFeatureTable) throws -> [Int] {
        guard let asOf else { return Array(0..<table.rowCount) }
        let day: Int
        if asOf == "latest" {
            guard let latest = table.asOfDays.compactMap({ $0 }).max() else {
                throw ValidationError("--as-of latest: \(input) has no snapshot dates (a flat table); leave --as-of out")
            }
            day = latest
        } else {
            day = CalendarDay(asOf)!.daysSinceEpoch
        }
        let rows = table.asOfDays.indices.filter { table.asOfDays[$0] == day }
        guard !rows.isEmpty else { throw ValidationError("\(input) has no rows with as_of \(CalendarDay(daysSinceEpoch: day))") }
        return rows
    }
}
