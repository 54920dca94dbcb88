import Foundation
import Testing
@testable import ChurnData

@Suite struct CSVReaderTests {
    private func read(_ text: String) throws -> [[String]] {
        try CSVReader(data: Data(text.utf8)).allRecords()
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let rows = try read("a,b,c\n\"x, y\",\"he said \"\"hi\"\"\",\"line1\nline2\"\n")
        #expect(rows == [["a", "b", "c"], ["x, y", "he said \"hi\"", "line1\nline2"]])
    }

    @Test func crlfAndByteOrderMark() throws {
        let rows = try read("\u{FEFF}id,v\r\n1,2\r\n3,\r\n")
        #expect(rows == [["id", "v"], ["1", "2"], ["3", ""]])
    }

    @Test func lastLineWithoutNewlineAndBlankLines() throws {
        #expect(try read("a\n\n1") == [["a"], ["1"]])
    }

    @Test func recordLineNumbersCountEmbeddedNewlines() throws {
        var lines: [Int] = []
        try CSVReader(data: Data("h\n\"a\nb\"\nc\n".utf8)).forEachRecord { lines.append($0.line) }
        #expect(lines == [1, 2, 4])
    }

    @Test func strayQuoteIsReportedWithLineAndColumnAndSkipped() throws {
        var issues: [CSVIssue] = []
        var rows: [[String]] = []
        try CSVReader(data: Data("a,b\n1,x\"y\n2,3\n".utf8)).forEachRecord(onIssue: { issues.append($0) }) {
            rows.append($0.strings())
        }
        #expect(rows == [["a", "b"], ["2", "3"]])
        #expect(issues.count == 1)
        #expect(issues.first?.problemLine == 2)
        #expect(issues.first?.column == 4)
    }

    @Test func unterminatedQuoteThrowsByDefault() {
        #expect(throws: CSVError.self) { try read("a\n\"open\n") }
    }

    @Test func numericFieldParsing() throws {
        try CSVReader(data: Data("12,-3.25,1e3, 7 ,x,\n".utf8)).forEachRecord { row in
            #expect(row[0].int == 12)
            #expect(row[1].double == -3.25)
            #expect(row[2].double == 1000)
            #expect(row[3].double == 7)
            #expect(row[4].double == nil)
            #expect(row[5].isBlank)
        }
    }
}
