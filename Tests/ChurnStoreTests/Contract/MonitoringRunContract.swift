import Foundation
import Testing
@testable import ChurnStore

/// Monitoring runs (migration 6) and the predictions window monitoring reads.
@Suite("Store contract: monitoring runs") struct MonitoringRunContract {
    static func run(asOf: String, status: String, at seconds: TimeInterval, drift: Bool = false) -> MonitoringRunRecord {
        MonitoringRunRecord(
            asOf: asOf, modelVersion: "v1", createdAt: Date(timeIntervalSince1970: seconds), status: status,
            datasetDrift: drift, driftShare: drift ? 0.6 : 0.1, driftedFeatures: drift ? 6 : 1, features: 10, rowsMonitored: 500,
            estimatedROCAUC: 0.87, realizedROCAUC: seconds > 2_000 ? 0.84 : nil, conceptDrift: seconds > 2_000,
            reportJSON: #"{"dataset_drift": \#(drift), "features": []}"#)
    }

    @Test(arguments: TestBackend.allCases)
    func runsAreAppendedAndTheLatestIsFound(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let log = store.monitoringRuns
            #expect(try await log.latest() == nil)
            let first = Self.run(asOf: "2025-06-01", status: "ok", at: 1_000)
            let second = Self.run(asOf: "2025-07-01", status: "alert", at: 3_000, drift: true)
            let again = Self.run(asOf: "2025-06-01", status: "warn", at: 2_000)
            for record in [first, second, again] { try await log.record(record) }

            let latest = try #require(try await log.latest())
            #expect(latest.runID == second.runID && latest.status == "alert" && latest.datasetDrift)
            #expect(latest.realizedROCAUC == 0.84 && latest.conceptDrift)
            #expect(try canonicalJSON(latest.reportJSON) == (try canonicalJSON(second.reportJSON)))
            // Monitoring a day again adds a run; the newest one for the day is its verdict.
            #expect(try await log.latest(asOf: "2025-06-01")?.runID == again.runID)
            #expect(try await log.latest(asOf: "2025-08-01") == nil)
            #expect(try await log.history().map(\.runID) == [second.runID, again.runID, first.runID])
            let stored = try #require(try await log.history().last)
            #expect(stored.estimatedROCAUC == 0.87 && stored.realizedROCAUC == nil && stored.features == 10 && stored.rowsMonitored == 500)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badRunsAreRefusedWithTheField(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let log = store.monitoringRuns
            var bad = Self.run(asOf: "2025-06-01", status: "fine", at: 1)
            await #expect { try await log.record(bad) } throws: { "\($0)".contains("status") }
            bad = Self.run(asOf: "2025-13-01", status: "ok", at: 1)
            await #expect { try await log.record(bad) } throws: { "\($0)".contains("as_of") }
            bad = Self.run(asOf: "2025-06-01", status: "ok", at: 1)
            bad.estimatedROCAUC = 1.5
            await #expect { try await log.record(bad) } throws: { "\($0)".contains("estimated_roc_auc") }
            bad = Self.run(asOf: "2025-06-01", status: "ok", at: 1)
            bad.reportJSON = "{not json"
            await #expect(throws: (any Error).self) { try await log.record(bad) }
            #expect(try await log.history().isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theWindowIsTheLatestPredictionOfTheModelPerCustomer(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let base = Date(timeIntervalSince1970: 1_750_000_000)
            func prediction(_ customer: String, _ p: Double, model: String = "v1", asOf: String? = "2025-06-01",
                            role: ServedBy = .production, at offset: TimeInterval = 0) -> PredictionRecord {
                PredictionRecord(customerID: customer, predictionTimestamp: base.addingTimeInterval(offset), asOf: asOf,
                                 churnProbability: p, churnRiskLevel: p >= 0.7 ? "HIGH" : "LOW", modelVersion: model,
                                 servedBy: role, inferenceFeaturesJSON: #"{"x":\#(p)}"#)
            }
            try await store.predictionsLog.insert([
                prediction("c2", 0.2), prediction("c1", 0.9), prediction("c1", 0.3, role: .canary, at: 10),
                prediction("c3", 0.5, model: "v2"), prediction("c4", 0.4, asOf: "2025-07-01"), prediction("c5", 0.6, asOf: nil),
            ])
            let window = try await store.predictionsLog.monitoringWindow(asOf: "2025-06-01", modelVersion: "v1")
            #expect(window.map(\.customerID) == ["c1", "c2"])
            #expect(window.map(\.churnProbability) == [0.3, 0.2])
            #expect(try canonicalJSON(window[0].inferenceFeaturesJSON) == #"{"x":0.3}"#)
            await #expect { try await store.predictionsLog.monitoringWindow(asOf: "June", modelVersion: "v1") } throws: { "\($0)".contains("as_of") }
        }
    }
}
