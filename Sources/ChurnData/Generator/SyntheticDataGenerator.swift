import ChurnModel
import Foundation
import Synchronization

/// Writes a synthetic but realistic data directory: the six raw tables of docs/DATA.md and
/// `manifest.json`, for demos, tests and benchmarks (`churnguard generate`).
///
/// Customers are simulated independently (see ``CustomerSimulator``), each from its own random
/// stream derived from (seed, customer index), in chunks spread over ``GeneratorConfig/workers``
/// threads. Chunks are written in customer order, block by block, so memory stays bounded by a
/// few chunks whatever the number of customers, and the same configuration gives the same bytes
/// whatever the number of threads.
public struct SyntheticDataGenerator: Sendable {
    /// Bumped whenever the same seed would give different data.
    public static let version = "1.0"

    public var config: GeneratorConfig

    public init(config: GeneratorConfig) {
        self.config = config
    }

    /// Simulates every customer and writes the tables and manifest into `directory`, creating it.
    ///
    /// Refuses a path that is a file, and a non-empty directory unless `force` (then the generated
    /// files in it are replaced; other files are left alone).
    /// - Parameter progress: called after each block of chunks with customers done and the total.
    @discardableResult
    public func write(to directory: String, force: Bool = false, progress: (Int, Int) -> Void = { _, _ in }) throws -> GeneratorManifest {
        try config.validate()
        try Self.prepare(directory: directory, force: force)
        let manifestPath = (directory as NSString).appendingPathComponent("manifest.json")
        try? FileManager.default.removeItem(atPath: manifestPath)

        let writers = try GeneratedTable.allCases.map { table -> CSVWriter in
            let writer = try CSVWriter(path: (directory as NSString).appendingPathComponent(table.fileName))
            try writer.writeRow(table.header)
            return writer
        }
        var rowCounts = [Int](repeating: 0, count: GeneratedTable.allCases.count)
        var churned = 0
        try forEachChunk(progress: progress) { chunk in
            for table in GeneratedTable.allCases {
                try writers[table.rawValue].writeEncodedRows(chunk.tables[table.rawValue])
                rowCounts[table.rawValue] += chunk.rowCounts[table.rawValue]
            }
            churned += chunk.churnedCustomers
        }
        for writer in writers { try writer.close() }

        let manifest = GeneratorManifest(
            start: config.start.description, end: config.end.description, customers: config.customers,
            months: config.months, seed: config.seed, drift: config.drift, generatorVersion: Self.version,
            rowCounts: Dictionary(uniqueKeysWithValues: GeneratedTable.allCases.map { ($0.fileName, rowCounts[$0.rawValue]) }),
            churnedCustomers: churned,
            driftStart: config.driftStart?.description, driftEffects: config.drift ? DriftEffects() : nil)
        try manifest.encoded().write(to: URL(fileURLWithPath: manifestPath))
        return manifest
    }

    /// Simulates the customers chunk by chunk and hands the chunks to `body` in customer order, on
    /// the calling thread.
    ///
    /// Blocks of chunks are simulated in parallel while the calling thread hands the previous block
    /// to `body`, so writing overlaps simulation; written chunks go back to a pool whose buffers the
    /// next chunks reuse, which keeps memory at two blocks whatever the customer count.
    func forEachChunk(progress: (Int, Int) -> Void = { _, _ in }, _ body: (GeneratedChunk) throws -> Void) throws {
        let simulator = CustomerSimulator(config: config, calendar: GeneratorCalendar(config: config))
        let total = config.customers
        let blockCustomers = config.workers * 4 * config.chunkSize
        let pool = ChunkPool()
        let simulate: @Sendable (Range<Int>) -> GeneratedChunk = { customers in
            var chunk = pool.take()
            for index in customers { simulator.simulate(index: index, into: &chunk) }
            return chunk
        }
        var pending: [GeneratedChunk] = []
        var first = 0
        while first < total || !pending.isEmpty {
            let customers = min(total - first, blockCustomers)
            let chunks = ParallelRows.slices(of: first..<(first + customers), length: config.chunkSize)
            // Reversed, so that each chunk is popped (moved out) in customer order and handed back whole.
            var toWrite = Array(pending.reversed())
            let hadChunks = !toWrite.isEmpty
            pending = []
            func write() throws {
                while let chunk = toWrite.popLast() {
                    try body(chunk)
                    pool.give(chunk)
                }
            }
            if config.workers == 1 {
                try write()
                pending = chunks.map(simulate)
            } else {
                pending = try ParallelRows.mapSlices(chunks, meanwhile: write, simulate)
            }
            if hadChunks { progress(first, total) }
            first += customers
        }
    }

    private static func prepare(directory: String, force: Bool) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw GeneratorError.outputIsFile(directory) }
            let contents = (try? files.contentsOfDirectory(atPath: directory)) ?? []
            if !contents.isEmpty, !force { throw GeneratorError.outputNotEmpty(directory) }
            return
        }
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotCreateOutput(directory, reason: error.localizedDescription)
        }
    }
}

/// Written chunks waiting to be refilled: their buffers keep their capacity, so a long run stops
/// allocating after its first blocks.
private final class ChunkPool: Sendable {
    private let spare = Mutex<[GeneratedChunk]>([])

    /// An emptied chunk from the pool, or a new one.
    func take() -> GeneratedChunk {
        guard var chunk = spare.withLock({ $0.popLast() }) else { return GeneratedChunk(expectedCustomers: 1024) }
        chunk.clear()
        return chunk
    }

    func give(_ chunk: GeneratedChunk) {
        spare.withLock { $0.append(chunk) }
    }
}
