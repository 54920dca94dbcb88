import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct FeatureTableTests {
    let schema = FeatureSchema(features: [
        FeatureSpec(name: "tenure_days", kind: .numeric, required: true),
        FeatureSpec(name: "plan", kind: .categorical, categories: ["basic", "pro, plus"]),
        FeatureSpec(name: "autopay", kind: .boolean),
    ])

    @Test func roundTripsRowsAndSchema() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ft-\(UUID()).csv").path
        let table = FeatureTable(schema: schema, rows: [
            FeatureRow(customerID: "c1", asOf: CalendarDay("2025-03-01"), label: true,
                       values: [.number(12.5), .category("pro, plus"), .boolean(true)]),
            FeatureRow(customerID: "c2", asOf: nil, label: nil, values: [.number(-3), .missing, .missing]),
        ])
        try table.write(to: path)
        #expect(try FeatureTable.read(from: path) == table)
    }

    @Test func badCellNamesLineAndColumn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ft-\(UUID()).csv").path
        try FeatureTable(schema: schema, rows: []).write(to: path)
        try "customer_id,as_of,label,tenure_days,plan,autopay\nc1,,1,abc,basic,true\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: FeatureTableError.self) { try FeatureTable.read(from: path) }
        do { _ = try FeatureTable.read(from: path) } catch {
            #expect("\(error)".contains("line 2, column tenure_days"))
        }
    }

    @Test func calendarDayParsesFormatsAndAddsMonths() throws {
        let day = try #require(CalendarDay("2024-01-31"))
        #expect(day.description == "2024-01-31")
        #expect(day.adding(months: 1).description == "2024-02-29")
        #expect(CalendarDay("2025-02-30") == nil)
        #expect(CalendarDay("2025-03-04T10:22:00Z")?.description == "2025-03-04")
        #expect(CalendarDay("1970-01-01")?.daysSinceEpoch == 0)
        #expect(try #require(CalendarDay("2025-01-01")) - day == 336)
    }
}
