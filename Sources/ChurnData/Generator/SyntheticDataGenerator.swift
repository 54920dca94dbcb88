import Foundation

/// Writes a synthetic but realistic data directory: the six raw tables of docs/DATA.md and
/// `manifest.json`, for demos, tests and benchmarks (`churnguard generate`).
///
/// Customers are simulated independently (see ``CustomerSimulator``), each from its own random
/// stream derived from (seed, customer index), in chunks spread over ``GeneratorConfig/workers``
/// threads. Chunks are written in customer order as they complete, so memory stays bounded by a
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
        let totals = GeneratedTotals()
        try forEachChunk(progress: progress) { chunk in
            for table in GeneratedTable.allCases {
                try writers[table.rawValue].writeEncodedRows(chunk.tables[table.rawValue])
            }
            totals.add(chunk)
        }
        for writer in writers { try writer.close() }
        let rowCounts = totals.rowCounts
        let churned = totals.churnedCustomers

        let manifest = GeneratorManifest(
            start: config.start.description, end: config.end.description, customers: config.customers,
            months: config.months, seed: config.seed, drift: config.drift, generatorVersion: Self.version,
            rowCounts: Dictionary(uniqueKeysWithValues: GeneratedTable.allCases.map { ($0.fileName, rowCounts[$0.rawValue]) }),
            churnedCustomers: churned,
            driftStart: config.driftStart?.description, driftEffects: config.drift ? DriftEffects() : nil)
        try manifest.encoded().write(to: URL(fileURLWithPath: manifestPath))
        return manifest
    }

    /// Simulates the customers chunk by chunk and hands the chunks to `body` in customer order.
    ///
    /// Blocks of chunks are simulated in parallel while the previous block is handed to `body` (one
    /// more iteration of the same parallel loop), so writing overlaps simulation; chunk buffers are
    /// recycled between blocks, which keeps memory at two blocks whatever the customer count.
    func forEachChunk(progress: (Int, Int) -> Void = { _, _ in }, _ body: @escaping (GeneratedChunk) throws -> Void) throws {
        let simulator = CustomerSimulator(config: config, calendar: GeneratorCalendar(config: config))
        let total = config.customers
        let chunkSize = config.chunkSize
        let blockCustomers = config.workers * 4 * chunkSize
        let sink = ChunkSink(body)
        var pending: [GeneratedChunk] = []
        var spare: [GeneratedChunk] = []
        var first = 0
        while first < total || !pending.isEmpty {
            let customers = min(total - first, blockCustomers)
            let chunkCount = (customers + chunkSize - 1) / chunkSize
            let results = ChunkResults(count: chunkCount, recycling: &spare)
            let blockStart = first
            let toWrite = pending
            let work: @Sendable (Int) -> Void = { iteration in
                if iteration == chunkCount {
                    sink.write(toWrite)
                    return
                }
                let start = blockStart + iteration * chunkSize
                let end = min(blockStart + customers, start + chunkSize)
                var output = results.takeBuffer(iteration)
                for index in start..<end { simulator.simulate(index: index, into: &output) }
                results.store(iteration, output)
            }
            if config.workers == 1 {
                for iteration in 0...chunkCount { work(iteration) }
            } else {
                DispatchQueue.concurrentPerform(iterations: chunkCount + 1, execute: work)
            }
            try sink.rethrow()
            if !toWrite.isEmpty { progress(first, total) }
            spare = toWrite
            pending = results.take()
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

/// Row and churn counts summed over the written chunks (updated by the writing iteration only).
private final class GeneratedTotals: @unchecked Sendable {
    var rowCounts = [Int](repeating: 0, count: GeneratedTable.allCases.count)
    var churnedCustomers = 0

    func add(_ chunk: GeneratedChunk) {
        for table in rowCounts.indices { rowCounts[table] += chunk.rowCounts[table] }
        churnedCustomers += chunk.churnedCustomers
    }
}

/// The chunks of one block; each worker fills only its own slot.
private final class ChunkResults: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [GeneratedChunk?]

    /// Slots start from the emptied buffers of `spare` (taken from it), when there are any.
    init(count: Int, recycling spare: inout [GeneratedChunk]) {
        chunks = Array(repeating: nil, count: count)
        for slot in 0..<count where !spare.isEmpty {
            var chunk = spare.removeLast()
            chunk.clear()
            chunks[slot] = chunk
        }
    }

    /// The slot's recycled buffers, or fresh ones.
    func takeBuffer(_ slot: Int) -> GeneratedChunk {
        lock.lock()
        defer { lock.unlock() }
        let chunk = chunks[slot] ?? GeneratedChunk(expectedCustomers: 1024)
        chunks[slot] = nil
        return chunk
    }

    func store(_ slot: Int, _ chunk: GeneratedChunk) {
        lock.lock()
        defer { lock.unlock() }
        chunks[slot] = chunk
    }

    func take() -> [GeneratedChunk] {
        lock.lock()
        defer { lock.unlock() }
        return chunks.map { $0! }
    }
}

/// Hands finished chunks to the caller's closure from inside the parallel loop.
///
/// Only one iteration of each parallel loop writes, and the loops run one after another, so the
/// closure is never called concurrently; a thrown error is kept for the loop's caller.
private final class ChunkSink: @unchecked Sendable {
    private let body: (GeneratedChunk) throws -> Void
    private var error: Error?

    init(_ body: @escaping (GeneratedChunk) throws -> Void) {
        self.body = body
    }

    func write(_ chunks: [GeneratedChunk]) {
        guard error == nil else { return }
        do {
            for chunk in chunks { try body(chunk) }
        } catch {
            self.error = error
        }
    }

    func rethrow() throws {
        if let error { throw error }
    }
}
