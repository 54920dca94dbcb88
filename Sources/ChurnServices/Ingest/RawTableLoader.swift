import ChurnData
import ChurnModel
import ChurnStore
import Foundation

/// Copies the six raw CSV tables of a data directory into the store, a few megabytes at a time
/// (the file is memory-mapped and cut at record boundaries, each chunk's pages dropped once it is
/// parsed), so that memory stays flat however large the files are. Loading the same files again adds nothing.
public struct RawTableLoader: Sendable {
    public let store: ChurnStore
    /// Bytes of CSV parsed and inserted per transaction; nil takes the store's choice
    /// (`RawTableStore.batchBytes`).
    public var chunkBytes: Int?

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

    /// Chunks are parsed on a thread of their own while earlier chunks' rows are written, so parsing
    /// and the database's work overlap; PostgreSQL writes `RawTableStore.concurrentWriters` chunks at
    /// once, each on its own connection (the server inserts a statement's rows on one core).
    func load(_ spec: RawTableSpec, path: String) async throws -> TableResult {
        let raw = store.rawTables
        let file = try CSVChunkedReader(path: path, chunkBytes: chunkBytes ?? raw.batchBytes)
        let writers = max(1, raw.concurrentWriters)
        var result = TableResult(file: spec.file, rows: 0, new: 0)
        var positions: [Int?]?
        var pendingInserts: [Task<Int, any Error>] = []
        do {
            for chunk in file.chunks {
                let parsed = try await ParallelRows.offPool { [positions] in
                    Result { try Self.rows(of: chunk, in: file, spec: spec, path: path, positions: positions) }
                }.get()
                // The rows own copies of their cells: the chunk's pages of the file can go.
                file.release(chunk)
                positions = parsed.positions
                if pendingInserts.count >= writers { result.new += try await Self.inserted(pendingInserts.removeFirst(), path: path) }
                result.rows += parsed.rows.count
                let rows = parsed.rows
                pendingInserts.append(Task { try await raw.insert(rows, into: spec) })
            }
            while !pendingInserts.isEmpty { result.new += try await Self.inserted(pendingInserts.removeFirst(), path: path) }
        } catch {
            // No write is left running behind the error (the caller may close the store next).
            for insert in pendingInserts { _ = try? await insert.value }
            throw error
        }
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
    /// first chunk's first record when `positions` is nil). A cell equal to the one above it reuses
    /// that row's `String` (the tables are grouped by customer, so a customer's id is made once per
    /// run of rows, not once per row).
    private static func rows(
        of chunk: CSVChunkedReader.Chunk, in file: CSVChunkedReader, spec: RawTableSpec, path: String, positions: [Int?]?
    ) throws -> (rows: RawTableColumns, positions: [Int?]?) {
        var positions = positions
        var rows = RawTableColumns(columnCount: spec.columns.count, capacity: chunk.bytes.count / 40)
        var previous = [String?](repeating: nil, count: spec.columns.count)
        try file.reader(chunk).forEachRecord(onIssue: { issue in
            throw RawTableLoadError(file: path, reason: "line \(issue.line): \(issue.reason)")
        }) { record in
            guard let order = positions else {
                let header = record.strings().map { $0.trimmingCharacters(in: .whitespaces) }
                let missing = spec.key.filter { !header.contains($0) }
                guard missing.isEmpty else {
                    throw RawTableLoadError(file: path, reason: "the header lacks \(missing.joined(separator: ", ")); expected \(spec.columns.joined(separator: ","))")
                }
                positions = spec.columns.map { header.firstIndex(of: $0) }
                return
            }
            rows.appendRow { column in
                guard let index = order[column], index < record.count else { return nil }
                let field = record[index]
                guard !field.isEmpty else { return nil }
                if let above = previous[column], Self.equal(above, field.bytes) { return above }
                let cell = field.string
                previous[column] = cell
                return cell
            }
        }
        return (rows, positions)
    }

    private static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard string.utf8.count == bytes.count else { return false }
        var string = string
        return string.withUTF8 { utf8 in bytes.count == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }
}

public struct RawTableLoadError: Error, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}
