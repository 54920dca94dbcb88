import ChurnModel
import Foundation

/// Builds the offline feature table: one row per (customer, snapshot date) for every customer who
/// had signed up and not yet churned at that date, with its label.
///
/// Customers are processed in blocks, each block split over `workers` threads; rows come out in a
/// deterministic order whatever the thread timing: customers in `customers.csv` order, then
/// `as_of` ascending.
public struct FeatureBuilder: Sendable {
    public var asOfDates: [CalendarDay]
    public var labeler: ChurnLabeler
    public var workers: Int
    /// Customers per block: bounds the rows held in memory between computing and writing.
    public var blockSize: Int

    public init(asOfDates: [CalendarDay], labeler: ChurnLabeler, workers: Int = 2, blockSize: Int = 4096) {
        self.asOfDates = Array(Set(asOfDates)).sorted()
        self.labeler = labeler
        self.workers = max(1, workers)
        self.blockSize = max(1, blockSize)
    }

    /// The snapshot rows of one customer, `as_of` ascending.
    public func rows(for history: CustomerHistory, summary: inout FeatureBuildSummary) -> [FeatureRow] {
        var rows: [FeatureRow] = []
        for asOf in asOfDates {
            switch labeler.outcome(for: history, asOf: asOf) {
            case .notSignedUp:
                summary.notSignedUp += 1
            case .alreadyChurned:
                summary.alreadyChurned += 1
            case .snapshot(let label):
                switch label {
                case true?: summary.positives += 1
                case false?: summary.negatives += 1
                case nil: summary.unlabeled += 1
                }
                rows.append(FeatureRow(
                    customerID: history.customerID, asOf: asOf, label: label,
                    values: PointInTimeFeatures.snapshot(history: history, asOf: asOf)))
            }
        }
        return rows
    }

    /// Computes every row and hands them to `sink` in output order.
    /// - Parameter progress: called after each block with customers done and the total.
    public func build(
        tables: CustomerTables,
        progress: (Int, Int) -> Void = { _, _ in },
        sink: (FeatureRow) throws -> Void
    ) throws -> FeatureBuildSummary {
        var summary = FeatureBuildSummary()
        let total = tables.customerCount
        var blockStart = 0
        while blockStart < total {
            let blockEnd = min(total, blockStart + blockSize)
            let slices = ParallelRows.slices(of: blockStart..<blockEnd, pieces: workers)
            let results = ParallelRows.mapSlices(slices) { customers in
                var rows: [FeatureRow] = []
                var local = FeatureBuildSummary()
                for index in customers {
                    rows.append(contentsOf: self.rows(for: tables.history(at: index), summary: &local))
                }
                local.customers = customers.count
                return (rows: rows, summary: local)
            }
            for (rows, sliceSummary) in results {
                for row in rows { try sink(row) }
                summary.add(sliceSummary)
            }
            blockStart = blockEnd
            progress(blockStart, total)
        }
        return summary
    }

    /// Builds every row in memory (small data and tests).
    public func rows(tables: CustomerTables) throws -> [FeatureRow] {
        var rows: [FeatureRow] = []
        _ = try build(tables: tables) { rows.append($0) }
        return rows
    }
}

/// Counts of what a ``FeatureBuilder`` run produced and left out.
public struct FeatureBuildSummary: Sendable, Equatable {
    public var customers = 0
    public var positives = 0
    public var negatives = 0
    public var unlabeled = 0
    /// (customer, date) pairs skipped because the customer signed up on or after the date.
    public var notSignedUp = 0
    /// (customer, date) pairs skipped because the customer churned before the date.
    public var alreadyChurned = 0

    public init() {}

    public var rows: Int { positives + negatives + unlabeled }

    public mutating func add(_ other: FeatureBuildSummary) {
        customers += other.customers
        positives += other.positives
        negatives += other.negatives
        unlabeled += other.unlabeled
        notSignedUp += other.notSignedUp
        alreadyChurned += other.alreadyChurned
    }
}
