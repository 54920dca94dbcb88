import ChurnData
import ChurnStore
import Foundation

/// Copies the six raw CSV tables of a data directory into the store, a few megabytes at a time
/// (the file is memory-mapped and cut at record boundaries), so that memory stays flat however large
/// the files are. Loading the same files again adds nothing.
public struct RawTableLoader: Sendable {
    public let store: ChurnStore
    /// Bytes of CSV parsed and inserted per transaction.
    public var chunkBytes = 4 << 20

    public init(store: ChurnStore) {
        self.store = store
    }

    public struct TableResult: Sendable, Equatable {
        public var file: String
        public var rows: Int
        public var new: Int
    }

    public func load(directory: String, progress: @Sendable (TableResult) -> Void = { _ in }) async throws -> [TableResult] {
        var results: [TableResult] = []
        for spec in RawTableSpec.all {
            let result = try await load(spec, path: (directory as NSString).appendingPathComponent(spec.file))
            progress(result)
            results.append(result)
        }
        return results
    }

    func load(_ spec: RawTableSpec, path: String) async throws -> TableResult {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw CSVError.cannotOpen(path: path, reason: error.localizedDescription)
        }
        var result = TableResult(file: spec.file, rows: 0, new: 0)
        var positions: [Int?]?
        for range in Self.recordAlignedChunks(data, targetBytes: chunkBytes) {
            var rows: [[String?]] = []
            try CSVReader(data: data.subdata(in: range)).forEachRecord(onIssue: { issue in
                // Lines count from the chunk; report them from the file's start.
                let before = data[..<range.lowerBound].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                throw RawTableLoadError(file: path, reason: "line \(issue.line + before): \(issue.reason)")
            }) { record in
                let cells = record.strings()
                guard let order = positions else {
                    let header = cells.map { $0.trimmingCharacters(in: .whitespaces) }
                    let missing = spec.key.filter { !header.contains($0) }
                    guard missing.isEmpty else {
                        throw RawTableLoadError(file: path, reason: "the header lacks \(missing.joined(separator: ", ")); expected \(spec.columns.joined(separator: ","))")
                    }
                    positions = spec.columns.map { header.firstIndex(of: $0) }
                    return
                }
                rows.append(order.map { index in
                    guard let index, index < cells.count, !cells[index].isEmpty else { return nil }
                    return cells[index]
                })
            }
            result.rows += rows.count
            do {
                result.new += try await store.rawTables.insert(rows, into: spec)
            } catch let error as StoreError {
                throw RawTableLoadError(file: path, reason: error.description)
            }
        }
        return result
    }

    /// Byte ranges of `data`, each about `targetBytes` long, that start and end on record boundaries:
    /// a newline outside quotes (an even number of `"` before it, which RFC 4180's `""` escapes keep).
    static func recordAlignedChunks(_ data: Data, targetBytes: Int) -> [Range<Int>] {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Range<Int>] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var ranges: [Range<Int>] = []
            var start = 0
            var quotes = 0
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    quotes += 1
                } else if byte == UInt8(ascii: "\n"), quotes % 2 == 0, position + 1 - start >= targetBytes {
                    ranges.append(start..<(position + 1))
                    start = position + 1
                }
                position += 1
            }
            if start < bytes.count { ranges.append(start..<bytes.count) }
            return ranges
        }
    }
}

public struct RawTableLoadError: Error, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}
