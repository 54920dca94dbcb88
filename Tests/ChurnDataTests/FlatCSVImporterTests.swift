import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct FlatCSVImporterTests {
    /// Writes `text` byte for byte (BOM and CRLF included) to a fresh temporary file.
    private func file(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flat-import-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("input.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func outputPath(beside input: String) -> String {
        URL(fileURLWithPath: input).deletingLastPathComponent().appendingPathComponent("features.csv").path
    }

    private func importCSV(_ text: String, _ options: FlatImportOptions) throws -> (ImportReport, FeatureTable) {
        let input = try file(text)
        let output = outputPath(beside: input)
        let report = try FlatCSVImporter(options).run(input: input, output: output)
        return (report, try FeatureTable.read(from: output))
    }

    private static let telcoHeader =
        "customerID,gender,SeniorCitizen,Partner,tenure,PhoneService,InternetService,Contract,PaymentMethod,MonthlyCharges,TotalCharges,Churn"

    @Test func telcoLikeFileWithBOMCRLFQuotesAndBlankTotals() throws {
        let lines = [
            Self.telcoHeader,
            "7590-VHVEG,Female,0,Yes,1,No,DSL,Month-to-month,Electronic check,29.85,29.85,No",
            "5575-GNVDE,Male,0,No,34,Yes,DSL,One year,Mailed check,56.95,1889.5,No",
            "3668-QPYBK,Male,1,No,2,Yes,\"Fiber optic,\nbundle\",Month-to-month,\"Credit card, automatic\",53.85,108.15,Yes",
            "4472-LVYGI,Female,0,Yes,0,No,DSL,Two year,\"Credit card, automatic\",52.55, ,No",
            "9305-CDSKC,Female,0,No,8,Yes,\"Fiber optic,\nbundle\",Month-to-month,Electronic check,99.65,820.5,yes",
            "1452-KIOVK,Male,0,No,0,Yes,No,Two year,Mailed check,20.25,,No",
            "6713-OKOMC,Female,0,No,10,No,DSL,Month-to-month,Mailed check,29.75,301.9,",
        ]
        let text = "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
        let (report, table) = try importCSV(text, FlatImportOptions(targetColumn: "Churn"))

        #expect(report.rowsRead == 7)
        #expect(report.rowsKept == 6)
        #expect(report.rowsRejected == 1)
        #expect(report.idColumn == "customerID")
        // "Yes" and "yes" are one value, shown as first spelled.
        #expect(report.positiveValues == ["Yes"] && report.negativeValues == ["No"])
        #expect(report.positiveRows == 2)
        // The blank target is on line 10: the two quoted newlines above it push it down two lines.
        let blank = try #require(report.rejections.first)
        #expect(blank.reason == .blankTarget)
        #expect(blank.examples.map(\.line) == [10])

        let names = table.schema.names
        #expect(names == ["gender", "SeniorCitizen", "Partner", "tenure", "PhoneService", "InternetService",
                          "Contract", "PaymentMethod", "MonthlyCharges", "TotalCharges"])
        let kinds = Dictionary(uniqueKeysWithValues: table.schema.features.map { ($0.name, $0.kind) })
        #expect(kinds["gender"] == .categorical)
        #expect(kinds["SeniorCitizen"] == .boolean)
        #expect(kinds["Partner"] == .boolean)
        #expect(kinds["PhoneService"] == .boolean)
        #expect(kinds["tenure"] == .numeric)
        #expect(kinds["TotalCharges"] == .numeric)
        #expect(kinds["PaymentMethod"] == .categorical)

        let total = try #require(table.schema.feature(named: "TotalCharges"))
        #expect(total.required == false)
        #expect(total.minimum == 29.85)
        #expect(total.maximum == 1889.5)
        #expect(report.feature(named: "TotalCharges")?.missingCells == 2)
        let tenure = try #require(table.schema.feature(named: "tenure"))
        #expect(tenure.required)
        #expect(tenure.minimum == 0 && tenure.maximum == 34)
        // Categories by frequency; the comma and the newline survive the round trip.
        let internet = try #require(table.schema.feature(named: "InternetService"))
        #expect(internet.categories == ["DSL", "Fiber optic,\nbundle", "No"])
        #expect(table.schema.feature(named: "PaymentMethod")?.categories?.first == "Credit card, automatic")

        #expect(table.rows.map(\.customerID) == ["7590-VHVEG", "5575-GNVDE", "3668-QPYBK", "4472-LVYGI", "9305-CDSKC", "1452-KIOVK"])
        #expect(table.rows.map(\.label) == [false, false, true, false, true, false])
        #expect(table.rows.allSatisfy { $0.asOf == nil })
        let third = table.rows[2]
        #expect(third.values[names.firstIndex(of: "InternetService")!] == .category("Fiber optic,\nbundle"))
        #expect(third.values[names.firstIndex(of: "SeniorCitizen")!] == .boolean(true))
        #expect(third.values[names.firstIndex(of: "MonthlyCharges")!] == .number(53.85))
        #expect(table.rows[3].values[names.firstIndex(of: "TotalCharges")!] == .missing)
    }

    /// A bank churn export: row numbers, numeric customer ids, surnames, 0/1 flags and an Exited target.
    private static func bankCSV(rows: Int) -> String {
        var lines = ["RowNumber,CustomerId,Surname,CreditScore,Geography,Gender,Age,Tenure,Balance,NumOfProducts,HasCrCard,IsActiveMember,EstimatedSalary,Exited"]
        let countries = ["France", "Spain", "Germany"]
        for index in 1...rows {
            let exited = index % 5 == 0 ? 1 : 0
            lines.append([
                "\(index)", "\(15_634_600 + index * 7)", "Surname\(index)", "\(500 + index * 3 % 300)",
                countries[index % 3], index % 2 == 0 ? "Female" : "Male", "\(20 + index % 50)", "\(index % 11)",
                index % 3 == 0 ? "0" : "\(Double(index) * 1013.25)", "\(1 + index % 4)", "\(index % 2)",
                "\((index / 2) % 2)", "\(Double(index) * 777.77)", "\(exited)",
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func bankLikeFileWithExitedTarget() throws {
        let (report, table) = try importCSV(Self.bankCSV(rows: 40), FlatImportOptions(targetColumn: "Exited"))
        #expect(report.rowsRead == 40 && report.rowsKept == 40 && report.rowsRejected == 0)
        #expect(report.idColumn == "CustomerId")
        #expect(report.positiveValues == ["1"] && report.negativeValues == ["0"])
        #expect(report.positiveRows == 8)
        #expect(report.exclusion(of: "RowNumber")?.reason == .rowNumber)
        #expect(report.exclusion(of: "Surname")?.reason == .distinctText)
        #expect(report.exclusion(of: "CustomerId")?.reason == .idColumn)
        #expect(report.excluded.map(\.name) == ["RowNumber", "CustomerId", "Surname"])
        #expect(table.schema.names == ["CreditScore", "Geography", "Gender", "Age", "Tenure", "Balance",
                                       "NumOfProducts", "HasCrCard", "IsActiveMember", "EstimatedSalary"])
        #expect(table.schema.feature(named: "HasCrCard")?.kind == .boolean)
        #expect(table.schema.feature(named: "NumOfProducts")?.kind == .numeric)
        #expect(table.schema.feature(named: "Geography")?.categories?.sorted() == ["France", "Germany", "Spain"])
        #expect(table.rows.first?.customerID == "15634607")
        #expect(table.rows.filter { $0.label == true }.count == 8)
        #expect(table.rows[4].label == true)
    }

    @Test func dropAndKeepIdentifiers() throws {
        let options = FlatImportOptions(targetColumn: "exited", droppedColumns: ["surname"], excludeIdentifiers: false)
        let (report, table) = try importCSV(Self.bankCSV(rows: 30), options)
        #expect(report.exclusion(of: "Surname")?.reason == .dropped)
        // With identifier exclusion off, the row number is just a number.
        #expect(table.schema.feature(named: "RowNumber")?.kind == .numeric)
    }

    @Test func malformedRowsAreReportedWithLinesAndCounted() throws {
        let text = """
            id,plan,spend,churned
            a,basic,10,yes
            b,pro,x"y,no
            c,basic,12
            d,basic,13,no,extra
            e,pro,14,no
            f,"pro,15,yes

            """
        let (report, table) = try importCSV(text, FlatImportOptions(targetColumn: "churned"))
        #expect(report.rowsRead == 6)
        #expect(report.rowsKept == 2)
        #expect(report.rowsRejected == 4)
        #expect(report.rowsRead == report.rowsKept + report.rowsRejected)
        #expect(table.rows.map(\.customerID) == ["a", "e"])

        #expect(report.rejectedCount(.malformedCSV) == 2)
        #expect(report.rejectedCount(.wrongFieldCount) == 2)
        let malformed = try #require(report.rejections.first { $0.reason == .malformedCSV })
        #expect(malformed.examples.map(\.line) == [3, 7])
        #expect(malformed.examples[0].detail == "column 8: quote inside an unquoted field")
        #expect(malformed.examples[1].detail.hasPrefix("column 3: quoted field is never closed"))
        #expect(malformed.examples[1].detail.contains("end of the file"))
        let fieldCount = try #require(report.rejections.first { $0.reason == .wrongFieldCount })
        #expect(fieldCount.examples.map(\.line) == [4, 5])
        #expect(fieldCount.examples[0].detail == "3 fields where the header has 4: the row ends after column 3 ('spend'), so 'churned' has no value")
        #expect(fieldCount.examples[1].detail.contains("column 5"))
        let summary = report.description
        #expect(summary.contains("6 read, 2 kept, 4 rejected"))
        #expect(summary.contains("malformed CSV: 2 (lines 3, 7)"))
    }

    @Test func numericColumnWithRareJunkRejectsThoseRowsOnly() throws {
        var lines = ["id,spend,churn"]
        for index in 0..<200 { lines.append("c\(index),\(index == 37 ? "n/a" : "\(index).5"),No") }
        lines[1] = "c0,1.5,Yes"
        let (report, table) = try importCSV(lines.joined(separator: "\n"), FlatImportOptions(targetColumn: "churn"))
        #expect(table.schema.feature(named: "spend")?.kind == .numeric)
        #expect(report.rowsRejected == 1)
        let group = try #require(report.rejections.first)
        #expect(group.reason == .notANumber && group.column == "spend")
        #expect(group.examples.map(\.line) == [39])
        #expect(report.feature(named: "spend")?.nonConformingCells == 1)
        #expect(report.feature(named: "spend")?.nonConformingSamples == ["n/a"])
    }

    @Test func missingMarkersAreMissing() throws {
        let text = "id,spend,churn\na,NA,No\nb,3,Yes\nc,null,No\n"
        let options = FlatImportOptions(targetColumn: "churn", missingMarkers: ["NA", "null"])
        let (report, table) = try importCSV(text, options)
        #expect(report.rowsKept == 3)
        #expect(table.schema.feature(named: "spend")?.kind == .numeric)
        #expect(table.schema.feature(named: "spend")?.required == false)
        #expect(table.rows.map { $0.values[0] } == [.missing, .number(3), .missing])
    }

    @Test func explicitPositiveValue() throws {
        let text = "id,spend,status\na,1,Gone\nb,2,Here\nc,3,gone\n"
        let (report, table) = try importCSV(text, FlatImportOptions(targetColumn: "status", positiveValue: "gone"))
        #expect(report.positiveValues == ["Gone"])
        #expect(report.negativeValues == ["Here"])
        #expect(table.rows.map(\.label) == [true, false, true])

        // Without --positive nothing says which of Gone/Here means churned.
        #expect(throws: FlatImportError.cannotInferPositive(column: "status", seen: ["Gone (2)", "Here (1)"])) {
            _ = try importCSV(text, FlatImportOptions(targetColumn: "status"))
        }
        #expect(throws: FlatImportError.self) {
            _ = try importCSV(text, FlatImportOptions(targetColumn: "status", positiveValue: "Left"))
        }
        // An explicit positive can also turn a Yes/No flag around.
        let (flipped, _) = try importCSV("id,x,retained\na,1,Yes\nb,2,No\n", FlatImportOptions(targetColumn: "retained", positiveValue: "No"))
        #expect(flipped.positiveValues == ["No"] && flipped.negativeValues == ["Yes"])
    }

    @Test func unknownTargetColumnListsTheColumns() throws {
        let input = try file("customerID,tenure,Churn\na,1,Yes\n")
        do {
            _ = try FlatCSVImporter(FlatImportOptions(targetColumn: "Exited")).run(input: input, output: outputPath(beside: input))
            Issue.record("expected an error")
        } catch let error as FlatImportError {
            #expect(error == .unknownColumn(option: "--target", name: "Exited", available: ["customerID", "tenure", "Churn"]))
            #expect(error.description.contains("available columns: customerID, tenure, Churn"))
        }
        #expect(throws: FlatImportError.unknownColumn(option: "--drop", name: "nope", available: ["customerID", "tenure", "Churn"])) {
            _ = try FlatCSVImporter(FlatImportOptions(targetColumn: "Churn", droppedColumns: ["nope"]))
                .run(input: input, output: outputPath(beside: input))
        }
    }

    @Test func allBlankColumnIsLeftOutAndReported() throws {
        let text = "id,empty,spend,churn\na,,1,No\nb,  ,2,Yes\nc,\t,3,No\n"
        let (report, table) = try importCSV(text, FlatImportOptions(targetColumn: "churn"))
        #expect(table.schema.names == ["spend"])
        #expect(report.exclusion(of: "empty")?.reason == .allBlank)
        #expect(report.description.contains("empty: every cell is blank"))
    }

    @Test func targetWithAThirdValueRejectsThoseRows() throws {
        let text = "id,spend,Churn\na,1,Yes\nb,2,No\nc,3,Unknown\nd,4,No\ne,5,maybe\nf,6,\n"
        let (report, table) = try importCSV(text, FlatImportOptions(targetColumn: "Churn"))
        #expect(table.rows.map(\.customerID) == ["a", "b", "d"])
        #expect(report.rowsRejected == 3)
        let third = try #require(report.rejections.first { $0.reason == .unrecognizedTarget })
        #expect(third.count == 2)
        #expect(third.examples.map(\.line) == [4, 6])
        #expect(third.examples[0].detail == "'Unknown' is neither positive (Yes) nor negative (No)")
        #expect(report.rejectedCount(.blankTarget) == 1)
    }

    @Test func duplicateIDsKeepTheFirstAndAreReported() throws {
        let text = "customer_id,spend,churn\na,1,No\nb,2,Yes\na,3,Yes\n,4,No\nb,5,No\n"
        let (report, table) = try importCSV(text, FlatImportOptions(targetColumn: "churn"))
        #expect(table.rows.map(\.customerID) == ["a", "b"])
        #expect(table.rows.map { $0.values[0] } == [.number(1), .number(2)])
        let duplicates = try #require(report.rejections.first { $0.reason == .duplicateID })
        #expect(duplicates.count == 2)
        #expect(duplicates.examples.map(\.line) == [4, 6])
        #expect(duplicates.examples[0].detail == "id 'a' is already imported from line 2")
        #expect(report.rejectedCount(.blankID) == 1)
    }

    @Test func rowNumbersAreIDsWhenThereIsNoIDColumn() throws {
        let text = "tenure,plan,left\n3,basic,true\n\n5,pro,false\n7,pro,FALSE\n"
        let (report, table) = try importCSV(text, FlatImportOptions(targetColumn: "left"))
        #expect(report.idColumn == nil)
        #expect(table.rows.map(\.customerID) == ["1", "2", "3"])
        #expect(table.rows.map(\.label) == [true, false, false])
        #expect(report.description.contains("row numbers"))
    }

    @Test func categoriesAreListedByFrequencyUpToTheCap() throws {
        var lines = ["id,city,churn"]
        let cities = ["Oslo", "Lima", "Lima", "Pune", "Pune", "Pune", "Kiev"]
        for (index, city) in cities.enumerated() { lines.append("c\(index),\(city),No") }
        lines.append("c9,Oslo,Yes")
        let options = FlatImportOptions(targetColumn: "churn", maxCategories: 2)
        let (report, table) = try importCSV(lines.joined(separator: "\n"), options)
        #expect(table.schema.feature(named: "city")?.categories == ["Pune", "Lima"])
        let city = try #require(report.feature(named: "city"))
        #expect(city.distinctValues == 4 && city.listedCategories == 2 && city.unlistedCells == 3)
        // Rarer categories stay in the table as written; the encoder reads them as unknown.
        #expect(table.rows.first?.values == [.category("Oslo")])
    }

    @Test func reservedNameAndOutputOverInputAreErrors() throws {
        let input = try file("id,label,churn\na,x,Yes\n")
        #expect(throws: FlatImportError.reservedColumnName(name: "label")) {
            _ = try FlatCSVImporter(FlatImportOptions(targetColumn: "churn")).run(input: input, output: outputPath(beside: input))
        }
        #expect(throws: FlatImportError.outputIsInput(path: input)) {
            _ = try FlatCSVImporter(FlatImportOptions(targetColumn: "churn")).run(input: input, output: input)
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "id,label,churn\na,x,Yes\n")
    }

    @Test func committedSamplesImport() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("samples-\(UUID())")
        let telco = try FlatCSVImporter(FlatImportOptions(targetColumn: "Churn"))
            .run(input: root.appendingPathComponent("Samples/telco_sample.csv").path, output: output.appendingPathComponent("telco.csv").path)
        #expect(telco.rowsRead == 180 && telco.rowsRejected == 0)
        #expect(telco.feature(named: "TotalCharges")?.kind == .numeric)
        #expect((telco.feature(named: "TotalCharges")?.missingCells ?? 0) > 0)
        #expect(telco.feature(named: "MultipleLines")?.distinctValues == 3)
        #expect(telco.positiveRows > 0 && telco.positiveRows < 180)

        let bank = try FlatCSVImporter(FlatImportOptions(targetColumn: "Exited"))
            .run(input: root.appendingPathComponent("Samples/bank_sample.csv").path, output: output.appendingPathComponent("bank.csv").path)
        #expect(bank.rowsRead == 200 && bank.rowsRejected == 0)
        #expect(Set(bank.excluded.map(\.name)) == ["RowNumber", "CustomerId", "Surname"])
        #expect(bank.positiveRows > 0 && bank.positiveRows < 200)
    }
}
