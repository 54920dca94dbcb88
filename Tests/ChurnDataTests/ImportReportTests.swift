import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct ImportReportTests {
    private let report = ImportReport(
        input: "in.csv", output: "out.csv", schemaPath: "out.csv.schema.json", idColumn: nil,
        targetColumn: "Churn", positiveValues: ["Yes"], negativeValues: ["No"], rowsRead: 10, rowsKept: 7,
        rowsRejected: 3, positiveRows: 2,
        rejections: [
            .init(reason: .notANumber, column: "TotalCharges", count: 3, examples: [
                .init(line: 4, detail: "'abc' in numeric column 'TotalCharges'"),
                .init(line: 9, detail: "'?' in numeric column 'TotalCharges'"),
            ]),
        ],
        features: [
            .init(name: "TotalCharges", kind: .numeric, missingCells: 1, minimum: 18.8, maximum: 8684.8,
                  nonConformingCells: 3, nonConformingSamples: ["abc", "?"]),
            .init(name: "city", kind: .categorical, missingCells: 0, distinctValues: 80, listedCategories: 50, unlistedCells: 41),
        ],
        excluded: [.init(name: "Surname", reason: .highCardinality, detail: "text with 900 distinct values")])

    @Test func roundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(ImportReport.self, from: data) == report)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"not_a_number\""))
        #expect(json.contains("\"high_cardinality\""))
    }

    @Test func summaryNamesCountsReasonsAndLines() {
        let text = report.description
        #expect(text.contains("10 read, 7 kept, 3 rejected"))
        #expect(text.contains("churned = 'Yes' (2 rows), stayed = 'No' (5 rows)"))
        #expect(text.contains("ids: row numbers"))
        #expect(text.contains("18.8 … 8684.8; 1 missing"))
        #expect(text.contains("80 categories, the 50 most frequent listed; 41 cells of rarer ones encode as unknown"))
        #expect(text.contains("Surname: text with 900 distinct values"))
        #expect(text.contains("not a number [TotalCharges]: 3 (lines 4, 9, …)"))
        #expect(text.contains("line 9: '?' in numeric column 'TotalCharges'"))
    }
}
