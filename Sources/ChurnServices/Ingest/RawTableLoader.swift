import ChurnData
import ChurnModel
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

    /// Chunks are parsed on a thread of their own while the previous chunk's rows are written, so
    /// parsing and the database's work overlap (on two cores ingest is otherwise one or the other).
    func load(_ spec: RawTableSpec, path: String) async throws -> TableResult {
        let file = try CSVChunkedReader(path: path, chunkBytes: chunkBytes)
        var result = TableResult(file: spec.file, rows: 0, new: 0)
        var positions: [Int?]?
        var pendingInsert: Task<Int, any Error>?
        for chunk in file.chunks {
            let parsed = try await ParallelRows.offPool { [positions] in
                Result { try Self.rows(of: chunk, in: file, spec: spec, path: path, positions: positions) }
            }.get()
            positions = parsed.positions
            if let pendingInsert { result.new += try await Self.inserted(pendingInsert, path: path) }
            result.rows += parsed.rows.count
            let store = self.store, rows = parsed.rows
            pendingInsert = Task { try await store.rawTables.insert(rows, into: spec) }
        }
        if let pendingInsert { result.new += try await Self.inserted(pendingInsert, path: path) }
        return result
    }

    private static func inserted(_ insert: Task<Int, any Error>, path: String) async throws -> Int {
        do {
            return try await insert.value
        } catch let error as StoreError {
            throw RawTableLoadError(file: path, reason: error.description)
        }
    }

    /// One chunk's rows in `spec.columns` order, and the header's column positions (read from the
    /// first chunk's first record when `positions` is nil).
    private static func rows(
        of chunk: CSVChunkedReader.Chunk, in file: CSVChunkedReader, spec: RawTableSpec, path: String, positions: [Int?]?
    ) throws -> (rows: [[String?]], positions: [Int?]?) {
        var positions = positions
        var rows: [[String?]] = []
        try file.reader(chunk).forEachRecord(onIssue: { issue in
            throw RawTableLoadError(file: path, reason: "line \(issue.line): \(issue.reason)")
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
        return (rows, positions)
    }
}

public struct RawTableLoadError: Error, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}
