import Foundation

/// Reads a CSV file too large to parse in one go a bounded number of bytes at a time, so that memory
/// stays flat however large the file is.
///
/// The file is memory-mapped and cut after a newline outside quotes (an even number of `"` before
/// it, which RFC 4180's `""` escapes keep), so each chunk holds whole records; each chunk's reader
/// numbers lines from the file's start, so that an error names the line of the file, not of the chunk.
public struct CSVChunkedReader: Sendable {
    /// Where one chunk lies in the file.
    public struct Chunk: Sendable, Equatable {
        /// Byte offsets from the file's start.
        public var bytes: Range<Int>
        /// 1-based line of the file on which the chunk starts.
        public var firstLine: Int
    }

    private let data: Data
    /// The chunks in file order, each about `chunkBytes` long (the last one may be shorter, and a
    /// record longer than that makes a longer chunk).
    public let chunks: [Chunk]

    /// Opens `path` memory-mapped and finds its chunks.
    public init(path: String, chunkBytes: Int) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw CSVError.cannotOpen(path: path, reason: error.localizedDescription)
        }
        self.init(data: data, chunkBytes: chunkBytes)
    }

    public init(data: Data, chunkBytes: Int) {
        self.data = data
        chunks = Self.recordAlignedChunks(data, targetBytes: chunkBytes)
    }

    /// A reader over the records of one chunk: a view of the file's bytes, not a copy.
    public func reader(_ chunk: Chunk) -> CSVReader {
        let start = data.startIndex
        return CSVReader(
            data: data[(start + chunk.bytes.lowerBound)..<(start + chunk.bytes.upperBound)], firstLine: chunk.firstLine)
    }

    private static func recordAlignedChunks(_ data: Data, targetBytes: Int) -> [Chunk] {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Chunk] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var chunks: [Chunk] = []
            var start = 0
            var startLine = 1
            var line = 1
            var quotes = 0
            for position in 0..<bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    quotes += 1
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                    if quotes % 2 == 0, position + 1 - start >= targetBytes {
                        chunks.append(Chunk(bytes: start..<(position + 1), firstLine: startLine))
                        start = position + 1
                        startLine = line
                    }
                }
            }
            if start < bytes.count { chunks.append(Chunk(bytes: start..<bytes.count, firstLine: startLine)) }
            return chunks
        }
    }
}
