import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct DataQualityGateTests {
    let schema = FeatureSchema(features: [
        FeatureSpec(name: "score", kind: .numeric, required: true, minimum: 0, maximum: 100),
        FeatureSpec(name: "plan", kind: .categorical, required: true, categories: ["basic", "premium"]),
        FeatureSpec(name: "note", kind: .numeric, required: false),
    ])

    func table(rows: Int, score: (Int) -> FeatureValue, plan: (Int) -> FeatureValue = { _ in .category("basic") }) -> FeatureTable {
        FeatureTable(schema: schema, rows: (0..<rows).map { index in
            FeatureRow(customerID: "c\(index)", asOf: CalendarDay(year: 2024, month: 1, day: 1), label: index % 2 == 0,
                       values: [score(index), plan(index), .missing])
        })
    }

    @Test func completenessBelowTheThresholdFailsNamingColumnAndFigure() {
        // 6 missing of 1000 = 99.4% < 99.5%; 5 missing passes.
        let failing = DataQualityGate().check(table(rows: 1000, score: { $0 < 6 ? .missing : .number(Double($0 % 50)) }))
        #expect(!failing.passed)
        #expect(failing.failures.map(\.column) == ["score"])
        #expect(failing.failures.first?.figure == .completeness)
        #expect(failing.failures.first?.value == 0.994)
        #expect(failing.rendered().contains("feature table score: completeness 99.4% is below the required 99.5%"))
        let passing = DataQualityGate().check(table(rows: 1000, score: { $0 < 5 ? .missing : .number(Double($0 % 50)) }))
        #expect(passing.passed)
        // An optional column may be empty.
        #expect(passing.columns.first { $0.column == "note" }?.completeness == 0)
    }

    @Test func outlierShareAboveTheLimitFailsUnlessReportOnly() {
        // 1000 values around 10, k of them at 1000: |z| > 4 for each when k is small.
        func scores(_ outliers: Int) -> FeatureTable {
            table(rows: 1000, score: { .number($0 < outliers ? 100 : Double(10 + $0 % 3)) })
        }
        let gate = DataQualityGate()
        #expect(gate.check(scores(10)).passed)  // 1.0% is not above 1%
        let failing = gate.check(scores(11))
        #expect(failing.failures.map(\.figure) == [.outlierShare])
        #expect(failing.columns.first { $0.column == "score" }?.outliers?.outliers == 11)
        #expect(failing.rendered().contains("feature table score: 1.1% of values have |z| > 4 (allowed 1.0%)"))
        let reportOnly = gate.check(scores(11), reportOnlyOutliers: ["score"])
        #expect(reportOnly.passed)
        #expect(reportOnly.rendered().contains("1.1% (report only)"))
        let lenient = DataQualityGate(thresholds: .init(maxOutlierShare: 0.02)).check(scores(11))
        #expect(lenient.passed)
    }

    @Test func valuesOutsideTheContractAreInvalid() throws {
        let report = DataQualityGate().check(table(
            rows: 100, score: { $0 == 3 ? .number(101) : .number(1) }, plan: { $0 == 4 ? .category("gold") : .category("premium") }))
        #expect(Set(report.failures.map(\.column)) == ["score", "plan"])
        #expect(report.failures.allSatisfy { $0.figure == .invalidShare })
        #expect(report.examples.contains("feature table line 5, column score: 101 is above the maximum 100"))
        #expect(report.examples.contains("feature table line 6, column plan: 'gold' is not one of basic, premium"))
    }

    @Test func aFileWithUnreadableCellsFailsOnTheCellsColumn() throws {
        let path = HistoryFixtures.temporaryDirectory() + "/t.csv"
        try table(rows: 3, score: { .number(Double($0)) }).write(to: path)
        try "customer_id,as_of,label,score,plan,note\nc1,2024-01-01,1,12,basic,\nc2,2024-01-01,0,abc,basic,\nc3,2024-01-01,maybe,1,basic,\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let report = try DataQualityGate().check(featureTableAt: path)
        #expect(Set(report.failures.map(\.column)) == ["score", "label"])
        #expect(report.examples.contains { $0.contains("line 3, column score: 'abc' is not a valid numeric value") })
        #expect(report.examples.contains { $0.contains("line 4, column label: 'maybe' is not 1, 0 or empty") })
    }

    @Test func rawTablesFailOnIncompleteRequiredColumnsAndPassWhenClean() throws {
        var rng = SplitMix64(seed: 31)
        let histories = (0..<20).map { HistoryFixtures.randomHistory(id: "c\($0)", using: &rng) }
        let directory = HistoryFixtures.temporaryDirectory()
        try HistoryFixtures.write(histories, to: directory, shuffleWith: &rng)
        let clean = DataQualityGate().check(raw: try CustomerTables.load(directory: directory))
        #expect(clean.passed, "\(clean.rendered())")
        #expect(clean.columns.first { $0.table == "transactions.csv" && $0.column == "amount" }?.outliers != nil)

        let path = directory + "/customers.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[7] = ""  // mrr
        lines[1] = cells.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let failing = DataQualityGate().check(raw: try CustomerTables.load(directory: directory))
        #expect(failing.failures.map { "\($0.table) \($0.column) \($0.figure)" } == ["customers.csv mrr completeness"])
        #expect(failing.rendered().contains("customers.csv mrr: completeness 95.0% is below the required 99.5%"))
        #expect(failing.examples.contains("customers.csv line 2, column mrr: empty is a required value"))
    }
}
