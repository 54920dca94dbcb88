import Foundation
import Testing
@testable import ChurnData

@Suite struct CSVWriterTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)/table.csv").path
    }

    @Test func whatTheWriterWritesTheReaderReadsBack() throws {
        let rows: [[String]] = [
            ["id", "note", "city"],
            ["1", "plain", "Zürich"],
            ["2", "a, b", "\"quoted\""],
            ["3", "line one\nline two", "crlf\r\ninside"],
            ["4", "", ""],
            ["", "", ""],
            ["5", "emoji 🎉 and 東京", " spaces kept "],
            ["6", "\"", ",\n\""],
        ]
        let path = temporaryPath()
        let writer = try CSVWriter(path: path)
        for row in rows { try writer.writeRow(row) }
        try writer.writeEncodedRows(Array("7,\"pre, encoded\",x\n".utf8))
        try writer.close()
        #expect(try CSVReader(path: path).allRecords() == rows + [["7", "pre, encoded", "x"]])
        // Only the fields that need it are quoted.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("id,note,city\n1,plain,Zürich\n2,\"a, b\",\"\"\"quoted\"\"\"\n"))
    }

    /// A file with quoted newlines and escaped quotes near the cuts, as in the raw tables.
    static let table = "a,b\n1,\"x\ny\"\n2,z\n3,\"q\"\"\n\"\n4,w\n"

    @Test func chunksEndOnRecordBoundariesOutsideQuotes() {
        let data = Data(Self.table.utf8)
        let reader = CSVChunkedReader(data: data, chunkBytes: 1)
        let pieces = reader.chunks.map { String(decoding: data[$0.bytes], as: UTF8.self) }
        #expect(pieces == ["a,b\n", "1,\"x\ny\"\n", "2,z\n", "3,\"q\"\"\n\"\n", "4,w\n"])
        #expect(reader.chunks.map(\.firstLine) == [1, 2, 4, 5, 7])
        // Chunks of a few records each, and one chunk when the file is smaller than a chunk.
        #expect(CSVChunkedReader(data: data, chunkBytes: 12).chunks.map(\.bytes) == [0..<12, 12..<25, 25..<29])
        #expect(CSVChunkedReader(data: data, chunkBytes: 1 << 20).chunks == [.init(bytes: 0..<data.count, firstLine: 1)])
        #expect(CSVChunkedReader(data: Data(), chunkBytes: 1).chunks.isEmpty)
    }

    @Test func chunkedRecordsAndLinesAreTheWholeFileReads() throws {
        let data = Data(Self.table.utf8)
        var whole: [(Int, [String])] = []
        try CSVReader(data: data).forEachRecord { whole.append(($0.line, $0.strings())) }
        for chunkBytes in [1, 5, 12, 20, 1 << 20] {
            let reader = CSVChunkedReader(data: data, chunkBytes: chunkBytes)
            var chunked: [(Int, [String])] = []
            for chunk in reader.chunks {
                try reader.reader(chunk).forEachRecord { chunked.append(($0.line, $0.strings())) }
            }
            #expect(chunked.map(\.0) == whole.map(\.0), "chunks of \(chunkBytes) bytes")
            #expect(chunked.map(\.1) == whole.map(\.1), "chunks of \(chunkBytes) bytes")
        }
        #expect(whole.map(\.0) == [1, 2, 4, 5, 7])
    }

    @Test func anIssueInALaterChunkNamesTheFileLine() throws {
        let path = temporaryPath()
        let writer = try CSVWriter(path: path)
        try writer.writeRow(["id", "v"])
        for index in 0..<50 { try writer.writeRow(["\(index)", "multi\nline"]) }
        try writer.writeEncodedRows(Array("bad,x\"y\n".utf8))
        try writer.close()
        let reader = try CSVChunkedReader(path: path, chunkBytes: 64)
        #expect(reader.chunks.count > 5)
        var issues: [CSVIssue] = []
        for chunk in reader.chunks {
            try reader.reader(chunk).forEachRecord(onIssue: { issues.append($0) }) { _ in }
        }
        // The header, then 50 records of two lines each: the bad record starts on line 102.
        #expect(issues.map(\.line) == [102])
        #expect(issues.map(\.problemLine) == [102])
    }

    @Test func aMappedFileReadsTheSameRecordsAfterItsPagesAreReleased() throws {
        // Several pages of records: a released chunk's pages are read again from the file when
        // touched, never zeros; an empty file maps to no chunks.
        let path = temporaryPath()
        let writer = try CSVWriter(path: path)
        try writer.writeRow(["id", "value"])
        for index in 0..<20_000 { try writer.writeRow(["customer-\(index)", "\(index * 7)"]) }
        try writer.close()
        let reader = try CSVChunkedReader(path: path, chunkBytes: 10_000)
        #expect(reader.chunks.count > 20)
        func records() throws -> [[String]] {
            var all: [[String]] = []
            for chunk in reader.chunks {
                try reader.reader(chunk).forEachRecord { all.append($0.strings()) }
                reader.release(chunk)
            }
            return all
        }
        let first = try records()
        #expect(first.count == 20_001)
        #expect(first[12_345] == ["customer-12344", "\(12_344 * 7)"])
        #expect(try records() == first)
        let empty = (path as NSString).deletingLastPathComponent + "/empty.csv"
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try CSVChunkedReader(path: empty, chunkBytes: 10).chunks.isEmpty)
    }

    @Test func aMissingFileCannotBeOpened() {
        #expect(throws: CSVError.self) { try CSVChunkedReader(path: "/nonexistent/table.csv", chunkBytes: 1) }
    }
}
