import Foundation
import Testing
@testable import ChurnData

@Suite struct GeneratorConfigTests {
    @Test func optionsOutsideTheirRangeAreRejectedWithTheRange() {
        #expect(throws: GeneratorError.customers(0)) { try GeneratorConfig(customers: 0, months: 12, seed: 1).validate() }
        #expect(throws: GeneratorError.months(0)) { try GeneratorConfig(customers: 5, months: 0, seed: 1).validate() }
        #expect(throws: GeneratorError.months(121)) { try GeneratorConfig(customers: 5, months: 121, seed: 1).validate() }
        #expect(GeneratorError.months(121).description.contains("1 to 120"))
        #expect(throws: Never.self) { try GeneratorConfig(customers: 1, months: 120, seed: 1).validate() }
    }

    @Test func theWindowEndsTheFirstDayAfterItsLastMonthAndDriftStartsTwoThirdsIn() {
        let config = GeneratorConfig(customers: 1, months: 18, seed: 1, drift: true, start: CalendarDay(year: 2024, month: 3, day: 1))
        #expect(config.end == CalendarDay(year: 2025, month: 9, day: 1))
        #expect(config.driftStart == CalendarDay(year: 2024, month: 3, day: 1).adding(months: 12))
        #expect(GeneratorConfig(customers: 1, months: 1, seed: 1, drift: true).driftStart == GeneratorConfig.defaultStart.adding(months: 1))
        #expect(GeneratorConfig(customers: 1, months: 6, seed: 1).driftStart == nil)
    }

    @Test func anOutputThatIsAFileOrANonEmptyDirectoryIsRefusedUnlessForced() throws {
        let directory = HistoryFixtures.temporaryDirectory()
        let file = directory + "/taken.csv"
        try "x\n".write(toFile: file, atomically: true, encoding: .utf8)
        let generator = SyntheticDataGenerator(config: GeneratorConfig(customers: 3, months: 2, seed: 1))
        #expect(throws: GeneratorError.outputIsFile(file)) { try generator.write(to: file) }
        #expect(throws: GeneratorError.outputNotEmpty(directory)) { try generator.write(to: directory) }
        let manifest = try generator.write(to: directory, force: true)
        #expect(manifest.customers == 3)
        #expect(FileManager.default.fileExists(atPath: file), "--force replaces only the generated files")
        let nested = directory + "/a/b"
        try generator.write(to: nested)
        #expect(try CustomerTables.load(directory: nested).customerCount == 3)
    }

    @Test func aSingleCustomerOverASingleMonthWorks() throws {
        let (directory, manifest) = try GeneratorFixtures.generate(customers: 1, months: 1, seed: 77)
        #expect(manifest.rowCounts["customers.csv"] == 1)
        #expect(manifest.end == "2025-02-01")
        #expect(try CustomerTables.load(directory: directory).customerCount == 1)
    }
}
