import ChurnData
import ChurnModel
import ChurnStore
import Foundation

/// Materializes the online feature store for one day: the point-in-time features of every customer
/// active at `asOf` (signed up before it, not churned before it), computed by the same
/// `FeatureBuilder` code as `churnguard features`, upserted as a JSON object keyed by feature name.
///
/// Re-running for the same day rewrites the same values; an older day never replaces a newer
/// snapshot (the store's upsert refuses it). Customers are processed in blocks; read from the CSV
/// files a chunk at a time (``materialize(chunks:dataEnd:total:into:progress:)``), memory holds one
/// chunk's events however many customers there are.
public struct OnlineFeatureMaterializer: Sendable {
    public var asOf: CalendarDay
    public var workers: Int
    public var blockSize: Int

    public struct Summary: Sendable, Equatable {
        public var customers = 0
        /// Snapshots written (customers active at `asOf`).
        public var snapshots = 0
        public var notSignedUp = 0
        public var alreadyChurned = 0
        public var seconds: Double = 0

        mutating func add(customers: Int, _ block: (snapshots: [StoredFeatures], build: FeatureBuildSummary)) {
            self.customers += customers
            snapshots += block.snapshots.count
            notSignedUp += block.build.notSignedUp
            alreadyChurned += block.build.alreadyChurned
        }
    }

    public init(asOf: CalendarDay, workers: Int = 2, blockSize: Int = 20_000) {
        self.asOf = asOf
        self.workers = max(1, workers)
        self.blockSize = max(1, blockSize)
    }

    /// The schema the snapshots are written with (feature names are what the store keys on).
    public static func schema(for tables: CustomerTables) -> FeatureSchema {
        PointInTimeFeatures.schema(countries: tables.countries)
    }

    /// Computes and upserts every active customer's snapshot; `progress` gets customers done and the total.
    public func materialize(
        tables: CustomerTables, into store: ChurnStore, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        guard let dataEnd = tables.dataEnd else { return Summary() }
        let started = Date()
        // The label is not stored; the labeler only decides who is active at `asOf`.
        let builder = FeatureBuilder(asOfDates: [asOf], labeler: ChurnLabeler(horizonDays: 1, dataEnd: dataEnd), workers: workers)
        let schema = Self.schema(for: tables)
        let asOfText = asOf.description
        var summary = Summary()
        let total = tables.customerCount
        var blockStart = 0
        while blockStart < total {
            let blockEnd = min(total, blockStart + blockSize)
            let block = await ParallelRows.offPool { [workers, blockStart] in
                Self.snapshots(of: blockStart..<blockEnd, tables: tables, builder: builder, schema: schema, asOf: asOfText, workers: workers)
            }
            try await store.onlineFeatures.upsert(block.snapshots, jsonIsValid: true)
            summary.add(customers: blockEnd - blockStart, block)
            blockStart = blockEnd
            progress(blockStart, total)
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Like ``materialize(tables:into:progress:)`` for customers that come a chunk at a time (the
    /// CSV files read by ``CustomerTableStream``), so memory holds one chunk whatever the data's
    /// size. `dataEnd` is the first day after the data (the stream knows it after a full pass, or
    /// from the manifest; nil: no data); `total` the number of customers, for progress.
    public func materialize(
        chunks next: () throws -> CustomerTables?, dataEnd: CalendarDay?, total: Int,
        into store: ChurnStore, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        guard let dataEnd else { return Summary() }
        let started = Date()
        let builder = FeatureBuilder(asOfDates: [asOf], labeler: ChurnLabeler(horizonDays: 1, dataEnd: dataEnd), workers: workers)
        let asOfText = asOf.description
        var summary = Summary()
        var reported = 0
        // Three stages overlap: while the worker threads build a chunk's snapshots, the previous
        // chunk's are written and this task reads the next chunk from the files.
        var pending: [StoredFeatures] = []
        var current = try next()
        while let chunk = current {
            let schema = Self.schema(for: chunk)
            async let built = ParallelRows.offPool { [workers] in
                Self.snapshots(of: 0..<chunk.customerCount, tables: chunk, builder: builder, schema: schema, asOf: asOfText, workers: workers)
            }
            let previous = pending
            async let writing = store.onlineFeatures.upsert(previous, jsonIsValid: true)
            current = try next()
            _ = try await writing
            if summary.customers - reported >= blockSize {
                reported = summary.customers
                progress(summary.customers, total)
            }
            let block = await built
            pending = block.snapshots
            summary.add(customers: chunk.customerCount, block)
        }
        _ = try await store.onlineFeatures.upsert(pending, jsonIsValid: true)
        if summary.customers > reported { progress(summary.customers, total) }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    static func snapshots(
        of customers: Range<Int>, tables: CustomerTables, builder: FeatureBuilder, schema: FeatureSchema, asOf: String, workers: Int
    ) -> (snapshots: [StoredFeatures], build: FeatureBuildSummary) {
        let now = Date()
        let slices = ParallelRows.mapSlices(ParallelRows.slices(of: customers, pieces: workers)) { slice in
            var local = FeatureBuildSummary()
            var snapshots: [StoredFeatures] = []
            for index in slice {
                for row in builder.rows(for: tables.history(at: index), summary: &local) {
                    snapshots.append(StoredFeatures(customerID: row.customerID, asOf: asOf,
                                                    featuresJSON: schema.jsonObject(values: row.values), updatedAt: now))
                }
            }
            return (snapshots, local)
        }
        var total = FeatureBuildSummary()
        for (_, summary) in slices {
            total.notSignedUp += summary.notSignedUp
            total.alreadyChurned += summary.alreadyChurned
            total.positives += summary.positives
            total.negatives += summary.negatives
            total.unlabeled += summary.unlabeled
        }
        return (slices.flatMap(\.0), total)
    }
}
