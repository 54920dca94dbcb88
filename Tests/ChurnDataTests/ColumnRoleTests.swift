import ChurnModel
import Testing
@testable import ChurnData

@Suite struct ColumnRoleTests {
    private let options = FlatImportOptions(targetColumn: "churn")

    /// The role of a column holding `cells` (nil or blank is missing), one cell per record.
    private func role(_ cells: [String?], options: FlatImportOptions? = nil) -> ColumnRole {
        let options = options ?? self.options
        var profile = ColumnProfile()
        for (ordinal, cell) in cells.enumerated() {
            let text = cell?.trimmingSpaces()
            let present = (text?.isEmpty ?? true) ? nil : text
            let number = present.flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
            profile.observe(
                text: present, number: number, ordinal: ordinal,
                trackingLimit: options.highCardinalityLimit, numericShare: options.numericShare)
        }
        return ColumnRole(profile: profile, options: options)
    }

    @Test func booleanSpellingsInAnyCase() {
        #expect(role(["Yes", "No", "yes", nil, "NO"]) == .feature(.boolean))
        #expect(role(["Y", "n", "y"]) == .feature(.boolean))
        #expect(role(["true", "FALSE", "True"]) == .feature(.boolean))
        #expect(role(["0", "1", "1", " "]) == .feature(.boolean))
        #expect(role(["Yes", "No", "No phone service"]) == .feature(.categorical))
    }

    @Test func numbersAreNumeric() {
        #expect(role(["1", "2", "3", "4"]) == .feature(.numeric))
        #expect(role(["29.85", "-1e3", nil, "0.5"]) == .feature(.numeric))
    }

    @Test func aFewJunkCellsKeepAColumnNumericButMoreMakeItText() {
        let mostlyNumbers = (0..<199).map { String($0 % 40) } + ["unknown"]
        #expect(role(mostlyNumbers) == .feature(.numeric))
        let tooMuchJunk = (0..<190).map { String($0 % 40) } + Array(repeating: "unknown", count: 10)
        #expect(role(tooMuchJunk) == .feature(.categorical))
        #expect(role(["inf", "nan", "1"]) == .feature(.categorical))
    }

    @Test func blankColumnsAreLeftOut() {
        #expect(role([nil, " ", "\t"]) == .excluded(.allBlank, detail: "every cell is blank"))
    }

    @Test func allDistinctTextIsAnIdentifier() {
        let names = (0..<60).map { "name-\($0)" }
        guard case .excluded(.distinctText, _) = role(names) else {
            Issue.record("expected an identifier")
            return
        }
        // A tiny file proves nothing: every column there looks distinct.
        #expect(role(Array(names.prefix(5))) == .feature(.categorical))
        var keep = options
        keep.excludeIdentifiers = false
        // Off, 60 all-distinct values are still too varied to be categories, but 40 are categories.
        guard case .excluded(.highCardinality, _) = role(names, options: keep) else {
            Issue.record("expected high cardinality")
            return
        }
        #expect(role(Array(names.prefix(40)), options: keep) == .feature(.categorical))
    }

    @Test func rowNumbersAreLeftOutButOtherSequencesAreNot() {
        let fromOne = (1...25).map(String.init)
        guard case .excluded(.rowNumber, _) = role(fromOne) else {
            Issue.record("expected a row number")
            return
        }
        guard case .excluded(.rowNumber, _) = role((0..<25).map(String.init)) else {
            Issue.record("expected a 0-based row number")
            return
        }
        #expect(role((10..<35).map(String.init)) == .feature(.numeric))
        #expect(role((1...25).map { String($0 * 2) }) == .feature(.numeric))
    }

    @Test func highCardinalityTextIsLeftOut() {
        // 60 distinct values repeated over 100 cells: more than 50 and more than half distinct.
        let varied = (0..<100).map { "v\($0 % 60)" }
        guard case .excluded(.highCardinality, _) = role(varied) else {
            Issue.record("expected high cardinality")
            return
        }
        // 60 distinct values over 1000 cells are a categorical with a long tail.
        #expect(role((0..<1000).map { "v\($0 % 60)" }) == .feature(.categorical))
        var small = options
        small.highCardinalityLimit = 10
        guard case .excluded(.highCardinality, _) = role((0..<100).map { "v\($0 % 20)" }, options: small) else {
            Issue.record("expected high cardinality over the limit")
            return
        }
    }

    @Test func profileStopsCountingValuesOnceTheyCannotMatter() {
        var profile = ColumnProfile()
        for ordinal in 0..<3000 {
            profile.observe(text: "\(ordinal % 1500)", number: Double(ordinal % 1500), ordinal: ordinal,
                            trackingLimit: 1000, numericShare: 0.99)
        }
        #expect(profile.distinct == nil)
        #expect(profile.numbers == 3000)
        #expect(ColumnRole(profile: profile, options: options) == .feature(.numeric))
    }
}
