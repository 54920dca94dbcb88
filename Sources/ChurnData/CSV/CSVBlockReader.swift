import Foundation

/// Reads a CSV file from its start to its end a bounded block at a time with plain `read(2)`, so
/// that the process's memory holds one block, not the file.
///
/// A memory-mapped file (``CSVReader/init(path:)``, ``CSVChunkedReader``) is cheap to parse, but
/// every page read stays resident until the kernel needs it back, so reading a 4 GB table shows
/// as 4 GB of RSS. Each block ends after a newline outside quotes (an even number of `"` before it,
/// as in ``CSVChunkedReader``); the partial record after it moves to the next block, and each block
/// is parsed by a ``CSVReader`` that numbers lines from the file's start.
public final class CSVBlockReader {
    public let path: String
    private let handle: FileHandle
    private let blockBytes: Int
    private var buffer: [UInt8] = []
    /// The file's line on which `buffer` starts.
    private var line = 1
    /// Quotes and newlines in `buffer` (bytes read after the last cut).
    private var carriedQuotes = 0
    private var carriedLines = 0
    private var atEnd = false

    public init(path: String, blockBytes: Int = 8 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CSVError.cannotOpen(path: path, reason: "no such file or not readable")
        }
        self.path = path
        self.handle = handle
        self.blockBytes = max(1, blockBytes)
    }

    deinit { try? handle.close() }

    /// Every record of the file at `path`, as ``CSVReader/forEachRecord(onIssue:_:)`` gives them,
    /// with one block in memory at a time.
    public static func forEachRecord(
        path: String, blockBytes: Int = 8 << 20,
        onIssue: (CSVIssue) throws -> Void = { throw CSVError.malformed($0) },
        _ body: (CSVRow) throws -> Void
    ) throws {
        let reader = try CSVBlockReader(path: path, blockBytes: blockBytes)
        while try reader.nextBlock(onIssue: onIssue, body) {}
    }

    /// Parses the next block's records with `body` (as ``CSVReader/forEachRecord(onIssue:_:)``);
    /// false once the file is exhausted.
    public func nextBlock(onIssue: (CSVIssue) throws -> Void, _ body: (CSVRow) throws -> Void) throws -> Bool {
        guard let block = try readBlock() else { return false }
        try CSVReader(data: block.data, firstLine: block.firstLine).forEachRecord(onIssue: onIssue, body)
        return true
    }

    /// Whole records: the bytes up to the last record-aligned newline read so far (all of what is
    /// left at the end of the file).
    private func readBlock() throws -> (data: Data, firstLine: Int)? {
        var cut = -1
        var quotesAtCut = 0
        var linesAtCut = 0
        // Counted from the start of the carried-over bytes, which were scanned before.
        var quoteCount = carriedQuotes
        var lineCount = carriedLines
        var scanFrom = buffer.count
        while cut < 0, !atEnd {
            if let more = try handle.read(upToCount: blockBytes), !more.isEmpty {
                buffer.append(contentsOf: more)
            } else {
                atEnd = true
            }
            buffer.withUnsafeBufferPointer { bytes in
                for position in scanFrom..<bytes.count {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\"") {
                        quoteCount += 1
                    } else if byte == UInt8(ascii: "\n") {
                        lineCount += 1
                        if quoteCount % 2 == 0 {
                            cut = position + 1
                            quotesAtCut = quoteCount
                            linesAtCut = lineCount
                        }
                    }
                }
            }
            scanFrom = buffer.count
        }
        let firstLine = line
        if cut < 0 {
            // End of file: the rest is the last record (possibly without a final newline).
            guard !buffer.isEmpty else { return nil }
            let data = Data(buffer)
            buffer.removeAll()
            carriedQuotes = 0
            carriedLines = 0
            return (data, firstLine)
        }
        let data = Data(buffer[0..<cut])
        buffer.removeFirst(cut)
        line += linesAtCut
        carriedQuotes = quoteCount - quotesAtCut
        carriedLines = lineCount - linesAtCut
        return (data, firstLine)
    }
}
