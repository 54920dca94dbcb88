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

    /// Simulates the customers chunk by chunk and hands the chunks to `body` in customer order.
    func forEachChunk(progress: (Int, Int) -> Void = { _, _ in }, _ body: (GeneratedChunk) throws -> Void) throws {
        let simulator = CustomerSimulator(config: config, calendar: GeneratorCalendar(config: config))
        let total = config.customers
        let chunkSize = config.chunkSize
        let chunksPerBlock = config.workers * 4
        var first = 0
        while first < total {
            let blockCustomers = min(total - first, chunksPerBlock * chunkSize)
            let chunkCount = (blockCustomers + chunkSize - 1) / chunkSize
            let results = ChunkResults(count: chunkCount)
            let blockStart = first
            let run: @Sendable (Int) -> Void = { chunk in
                let start = blockStart + chunk * chunkSize
                let end = min(blockStart + blockCustomers, start + chunkSize)
                var output = GeneratedChunk(expectedCustomers: end - start)
                for index in start..<end { simulator.simulate(index: index, into: &output) }
                results.store(chunk, output)
            }
            if config.workers == 1 {
                for chunk in 0..<chunkCount { run(chunk) }
            } else {
                DispatchQueue.concurrentPerform(iterations: chunkCount, execute: run)
            }
            for chunk in results.take() { try body(chunk) }
            first += blockCustomers
            progress(first, total)
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

/// The chunks of one block; each worker fills only its own slot.
private final class ChunkResults: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [GeneratedChunk?]

    init(count: Int) {
        chunks = Array(repeating: nil, count: count)
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
