import ChurnModel

/// The rows of one chunk of customers, in output order, with what they counted.
public struct FeatureChunk: Sendable {
    public var rows: [FeatureRow]
    public var summary: FeatureBuildSummary
}

extension FeatureBuilder {
    /// The rows of every customer of `tables` (one chunk), computed over `workers` threads; blocks
    /// the calling thread (from async code, call it through `ParallelRows.offPool`).
    public func chunk(_ tables: CustomerTables) -> FeatureChunk {
        let slices = ParallelRows.slices(of: 0..<tables.customerCount, pieces: workers)
        return Self.merge(ParallelRows.mapSlices(slices) { self.slice($0, of: tables) })
    }

    /// Builds a chunk at a time: while worker threads compute one chunk's rows, the calling thread
    /// writes the previous chunk's rows to `sink` and reads the next chunk, so that reading, building
    /// and writing overlap and memory holds about two chunks.
    /// - Parameters:
    ///   - next: the next chunk, nil after the last.
    ///   - observe: sees each chunk once, on the calling thread, as it is read.
    ///   - progress: customers done so far, after each chunk is written.
    public func build(
        chunks next: () throws -> CustomerTables?,
        observe: (CustomerTables) -> Void = { _ in },
        progress: (Int) -> Void = { _ in },
        sink: (FeatureRow) throws -> Void
    ) throws -> FeatureBuildSummary {
        var summary = FeatureBuildSummary()
        var current = try next()
        if let current { observe(current) }
        var written: FeatureChunk?
        func write() throws {
            guard let chunk = written else { return }
            written = nil
            for row in chunk.rows { try sink(row) }
            summary.add(chunk.summary)
            progress(summary.customers)
        }
        while let tables = current {
            var upcoming: CustomerTables?
            let slices = ParallelRows.slices(of: 0..<tables.customerCount, pieces: workers)
            let results = try ParallelRows.mapSlices(slices, meanwhile: {
                try write()
                upcoming = try next()
                if let upcoming { observe(upcoming) }
            }) { self.slice($0, of: tables) }
            written = Self.merge(results)
            current = upcoming
        }
        try write()
        return summary
    }

    private func slice(_ customers: Range<Int>, of tables: CustomerTables) -> FeatureChunk {
        var rows: [FeatureRow] = []
        var local = FeatureBuildSummary()
        for index in customers {
            rows.append(contentsOf: self.rows(for: tables.history(at: index), summary: &local))
        }
        local.customers = customers.count
        return FeatureChunk(rows: rows, summary: local)
    }

    private static func merge(_ slices: [FeatureChunk]) -> FeatureChunk {
        var merged = FeatureChunk(rows: [], summary: FeatureBuildSummary())
        merged.rows.reserveCapacity(slices.reduce(0) { $0 + $1.rows.count })
        for slice in slices {
            merged.rows.append(contentsOf: slice.rows)
            merged.summary.add(slice.summary)
        }
        return merged
    }
}
