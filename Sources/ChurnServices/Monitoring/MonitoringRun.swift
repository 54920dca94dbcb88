import ChurnData
import ChurnModel
import ChurnMonitoring
import ChurnStore
import Foundation

/// One `churnguard monitor --as-of D`: the production model's predictions of day D from the
/// predictions log, measured against the model bundle's references (feature drift, score and
/// tier drift), its expected performance (CBPE) and, when the horizon after D has passed and the
/// store holds churn events, its realized performance and concept drift. The report is stored in
/// `monitoring_runs` and returned.
public struct MonitoringRun: Sendable {
    public var store: ChurnStore
    public var asOf: String
    public var configuration: DriftConfiguration
    /// Days after D within which a churn counts (the label's horizon; 90 for the product's models).
    public var horizonDays: Int
    public var workers: Int
    /// Outcomes after this day are ignored, as if the loaded data ended there (backtests); nil: all.
    public var outcomesThrough: CalendarDay?

    public init(store: ChurnStore, asOf: String, configuration: DriftConfiguration = DriftConfiguration(),
                horizonDays: Int = 90, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.store = store
        self.asOf = asOf
        self.configuration = configuration
        self.horizonDays = horizonDays
        self.workers = workers
    }

    /// `progress` hears each step as it starts (a large day takes a while to read and parse).
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> MonitoringReport {
        guard let day = CalendarDay(asOf), day.description == asOf else { throw MonitoringError.invalidDay(asOf) }
        guard let record = try await store.modelRegistry.production() else { throw MonitoringError.noProductionModel }
        let bundle: ModelBundle
        do {
            bundle = try ModelBundle.load(from: record.bundlePath)
        } catch {
            throw MonitoringError.bundleUnreadable(version: record.version, path: record.bundlePath, reason: "\(error)")
        }
        let manifest = bundle.manifest
        progress("reading the predictions of \(bundle.version) for \(asOf)")
        let predictions = try await store.predictionsLog.monitoringWindow(asOf: asOf, modelVersion: bundle.version)
        guard !predictions.isEmpty else { throw MonitoringError.noPredictions(asOf: asOf, modelVersion: bundle.version) }
        progress("parsing the features of \(predictions.count) predictions")
        let window = await MonitoringWindow.build(predictions, schema: manifest.featureSchema, workers: workers)

        progress("measuring drift of \(manifest.featureSchema.features.count) features")
        let detector = DatasetDriftDetector(configuration: configuration, workers: workers)
        let drift = await ParallelRows.offPool { detector.measure(schema: manifest.featureSchema, references: manifest.referenceDistributions, columns: window.columns) }
        let score = manifest.scoreDistribution.map {
            FeatureDriftDetector(configuration: configuration).measure(reference: $0, kind: "score", current: .numbers(window.probabilities))
        }
        let tiers = TierMixDrift(referenceScores: manifest.scoreDistribution, currentScores: window.probabilities,
                                 thresholds: manifest.tierThresholds, configuration: configuration)
        let expected = ExpectedPerformance(probabilities: window.probabilities, highThreshold: manifest.tierThresholds.high)

        var notes: [String] = []
        if manifest.referenceDistributions.isEmpty {
            notes.append("the bundle has no reference distributions (an imported model?): no feature drift measured")
        } else if manifest.referenceDistributions.contains(where: { $0.categories == nil && $0.sample == nil }) {
            notes.append("the bundle predates reference samples: numeric features are compared on its decile bins (PSI, binned Jensen–Shannon) instead of KS / Wasserstein; retrain to get samples")
        }
        if manifest.scoreDistribution == nil { notes.append("the bundle has no score distribution: no score drift measured") }
        if tiers == nil, manifest.scoreDistribution != nil { notes.append("the bundle has no score sample: no tier mix check") }
        let (realized, outcomes) = try await performanceFromOutcomes(day: day, window: window, manifest: manifest, notes: &notes)
        progress("reading the monthly revenue of \(window.customerIDs.count) customers")
        let revenue = try await monthlyRevenue(of: window.customerIDs)
        let risk = RiskSummary(probabilities: window.probabilities, monthlyRevenue: revenue, thresholds: manifest.tierThresholds)
        if risk.customersWithRevenue == 0 {
            notes.append("no monthly revenue feature (\(DecisionInputMapping().monthlyRevenue.joined(separator: ", "))) in the online store for these customers: revenue at risk unknown")
        }

        let report = MonitoringReport(
            asOf: asOf, modelVersion: bundle.version, rows: predictions.count, drift: drift, score: score, tiers: tiers,
            expected: expected, realized: realized, outcomes: outcomes, risk: risk, referenceROCAUC: manifest.evaluation?.calibrated.rocAUC, notes: notes)
        try await store.monitoringRuns.record(MonitoringRunRecord(
            asOf: asOf, modelVersion: bundle.version, status: report.status.rawValue, datasetDrift: drift.datasetDrift,
            driftShare: drift.driftShare, driftedFeatures: drift.driftedFeatures, features: drift.features.count,
            rowsMonitored: report.rows, estimatedROCAUC: expected.rocAUC, realizedROCAUC: realized?.rocAUC,
            conceptDrift: report.conceptDrift, reportJSON: try Self.json(report)))
        return report
    }

    /// Outcomes are the churn events loaded into the store. Once the loaded activity reaches D +
    /// `outcomeDriftMinimumDays`, the churn seen so far is held to what the scores expect
    /// (``OutcomeDrift``); once it reaches D + horizon, labels exist (a customer churned when their
    /// first churn event falls in (D, D + horizon]) and the realized performance is measured.
    private func performanceFromOutcomes(
        day: CalendarDay, window: MonitoringWindow, manifest: BundleManifest, notes: inout [String]
    ) async throws -> (RealizedPerformance?, OutcomeDrift?) {
        let end = day.adding(days: horizonDays)
        guard let loaded = try await store.rawTables.lastActivityDay(), var lastDay = CalendarDay(loaded) else {
            notes.append("no raw activity in the store (churnguard ingest loads it): realized performance unknown")
            return (nil, nil)
        }
        if let outcomesThrough, outcomesThrough < lastDay { lastDay = outcomesThrough }
        let last = lastDay.description
        let elapsed = min(lastDay - day, horizonDays)
        guard elapsed >= configuration.outcomeDriftMinimumDays else {
            notes.append("\(max(0, elapsed)) days of outcomes after \(day) are loaded (the last activity is \(last)): too few to compare with the scores, and the \(horizonDays)-day horizon ends \(end)")
            return (nil, nil)
        }
        let churnDays = try await store.rawTables.churnDays()
        let firstChurn = window.customerIDs.map { customer in churnDays[customer].flatMap(CalendarDay.init) }
        let churnedSoFar = firstChurn.map { churned in churned.map { $0 > day && $0.daysSinceEpoch <= day.daysSinceEpoch + elapsed } ?? false }
        let outcomes = OutcomeDrift(
            probabilities: window.probabilities, churnedSoFar: churnedSoFar, elapsedDays: elapsed, horizonDays: horizonDays,
            configuration: configuration)
        guard lastDay >= end else {
            notes.append("the \(horizonDays)-day horizon ends \(end), after the last loaded activity (\(last)): realized performance not yet known; \(elapsed) days of churn compared with the scores")
            return (nil, outcomes)
        }
        let realized = RealizedPerformance(
            probabilities: window.probabilities, churned: churnedSoFar, highThreshold: manifest.tierThresholds.high,
            referenceROCAUC: manifest.evaluation?.calibrated.rocAUC, configuration: configuration)
        return (realized, outcomes)
    }

    /// Revenue comes from the online store's full feature rows (the model's inputs rarely carry it),
    /// read a page of customers at a time; a customer whose row is gone or has no revenue is nil.
    private func monthlyRevenue(of customerIDs: [String]) async throws -> [Double?] {
        let reader = DecisionInputMapping().reader()
        var revenue: [String: Double] = [:]
        let pageSize = 5_000
        var offset = 0
        while offset < customerIDs.count {
            let page = Array(customerIDs[offset..<min(offset + pageSize, customerIDs.count)])
            offset += pageSize
            for row in try await store.onlineFeatures.features(customerIDs: page) {
                if let value = reader.monthlyRevenue(featuresJSON: row.featuresJSON) { revenue[row.customerID] = value }
            }
        }
        return customerIDs.map { revenue[$0] }
    }

    static func json(_ report: MonitoringReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
