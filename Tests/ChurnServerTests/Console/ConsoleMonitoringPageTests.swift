import ChurnMonitoring
import ChurnStore
import Foundation
import Testing
@testable import ChurnServer

/// The monitoring page draws the latest run's PSI per feature (red where its test called drift),
/// says how the churn seen so far compares with the scores, and plots the trend across runs.
@Suite struct ConsoleMonitoringPageTests {
    static func feature(_ name: String, psi: Double, drifted: Bool) throws -> FeatureDrift {
        let json = """
            {"feature": "\(name)", "kind": "numeric", "method": "wasserstein_normed", "value": \(drifted ? 0.3 : 0.02), "threshold": 0.1,
             "drifted": \(drifted), "psi": \(psi), "status": "\(drifted ? "warn" : "ok")", "reference_missing_share": 0,
             "current_missing_share": 0, "missing_increased": false, "reference_rows": 1000, "current_rows": 900}
            """
        return try JSONDecoder().decode(FeatureDrift.self, from: Data(json.utf8))
    }

    @Test func drawsFeatureDriftAndTheChurnSoFar() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            let features = try [Self.feature("engagement_score", psi: 0.42, drifted: true), Self.feature("tenure_days", psi: 0.05, drifted: false)]
            let probabilities = [Double](repeating: 0.09, count: 1_000)
            let outcomes = OutcomeDrift(probabilities: probabilities, churnedSoFar: (0..<1_000).map { $0 < 80 }, elapsedDays: 30, horizonDays: 90)
            let report = MonitoringReport(
                asOf: "2026-01-01", modelVersion: "v-a", rows: 1_000, drift: DatasetDriftReport(features: features, threshold: 0.5),
                score: nil, tiers: nil, expected: ExpectedPerformance(probabilities: probabilities, highThreshold: 0.7), realized: nil,
                outcomes: outcomes, notes: [])
            try await store.monitoringRuns.record(MonitoringRunRecord(
                asOf: "2026-01-01", modelVersion: "v-a", status: report.status.rawValue, datasetDrift: false, driftShare: 0.5,
                driftedFeatures: 1, features: 2, rowsMonitored: 1_000, estimatedROCAUC: 0.8, realizedROCAUC: nil,
                conceptDrift: report.conceptDrift, reportJSON: String(decoding: try JSONEncoder().encode(report), as: UTF8.self)))

            var browser = ConsoleBrowser()
            try await browser.signIn(client, token: try await test.token(.analyst))
            let page = try await browser.get(client, "/console/monitoring")
            #expect(page.status == .ok)
            #expect(report.status == .alert, "outcome drift is an alert")
            #expect(page.body.contains("<strong>alert</strong>"))
            #expect(page.body.contains("Churn so far: 80 customers churned in the 30 days after it, 30.9 expected by the scores (2.58×): outcome drift."), "\(page.body)")
            // The PSI chart: the drifted feature first and red, the other after it in the quiet colour.
            let chart = try #require(page.body.range(of: "aria-label=\"PSI by feature, the 15 highest (red: drifted by its test)\""))
            let after = page.body[chart.upperBound...]
            let engagement = try #require(after.range(of: ">engagement_score</text>"))
            let tenure = try #require(after.range(of: ">tenure_days</text>"))
            #expect(engagement.lowerBound < tenure.lowerBound)
            #expect(after.contains("fill=\"#b2182b\"/><text") && after.contains("fill=\"#92c5de\"/><text"))
            #expect(page.body.contains("aria-label=\"Share of features drifted, and churn so far ÷ what the scores expected, ×100, by run\""))
        }
    }
}
