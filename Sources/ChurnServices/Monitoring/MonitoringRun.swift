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
        let drift = await Self.offPool { detector.measure(schema: manifest.featureSchema, references: manifest.referenceDistributions, columns: window.columns) }
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
        let realized = try await realizedPerformance(day: day, window: window, manifest: manifest, notes: &notes)
        progress("reading the monthly revenue of \(window.customerIDs.count) customers")
        let revenue = try await monthlyRevenue(of: window.customerIDs)
        let risk = RiskSummary(probabilities: window.probabilities, monthlyRevenue: revenue, thresholds: manifest.tierThresholds)
        if risk.customersWithRevenue == 0 {
            notes.append("no monthly revenue feature (\(DecisionInputMapping().monthlyRevenue.joined(separator: ", "))) in the online store for these customers: revenue at risk unknown")
        }

        let report = MonitoringReport(
            asOf: asOf, modelVersion: bundle.version, rows: predictions.count, drift: drift, score: score, tiers: tiers,
            expected: expected, realized: realized, risk: risk, referenceROCAUC: manifest.evaluation?.calibrated.rocAUC, notes: notes)
        try await store.monitoringRuns.record(MonitoringRunRecord(
            asOf: asOf, modelVersion: bundle.version, status: report.status.rawValue, datasetDrift: drift.datasetDrift,
            driftShare: drift.driftShare, driftedFeatures: drift.driftedFeatures, features: drift.features.count,
            rowsMonitored: report.rows, estimatedROCAUC: expected.rocAUC, realizedROCAUC: realized?.rocAUC,
            conceptDrift: realized?.conceptDrift ?? false, reportJSON: try Self.json(report)))
        return report
    }

    /// Labels exist once the activity loaded into the store reaches D + horizon: a customer churned
    /// when their first churn event falls in (D, D + horizon].
    private func realizedPerformance(
        day: CalendarDay, window: MonitoringWindow, manifest: BundleManifest, notes: inout [String]
    ) async throws -> RealizedPerformance? {
        let end = day.adding(days: horizonDays)
        guard let last = try await store.rawTables.lastActivityDay(), let lastDay = CalendarDay(last) else {
            notes.append("no raw activity in the store (churnguard ingest loads it): realized performance unknown")
            return nil
        }
        guard lastDay >= end else {
            notes.append("the \(horizonDays)-day horizon ends \(end), after the last loaded activity (\(last)): realized performance not yet known")
            return nil
        }
        let churnDays = try await store.rawTables.churnDays()
        let labels = window.customerIDs.map { customer -> Bool in
            guard let text = churnDays[customer], let churned = CalendarDay(text) else { return false }
            return churned > day && churned <= end
        }
        return RealizedPerformance(
            probabilities: window.probabilities, churned: labels, highThreshold: manifest.tierThresholds.high,
            referenceROCAUC: manifest.evaluation?.calibrated.rocAUC, configuration: configuration)
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

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await ParallelRows.mapSlicesOffPool([0..<1]) { _ in work() }[0]
    }
}
