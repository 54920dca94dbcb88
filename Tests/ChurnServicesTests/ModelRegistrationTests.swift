import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// Registration stores the evaluation's figures and its ROC and precision–recall curves in the
/// registry's metrics (what the console's models page draws); metrics written before the curves
/// existed still read.
@Suite struct ModelRegistrationTests {
    @Test func registrationStoresTheCalibratedCurves() async throws {
        let labels = (0..<60).map { $0 % 3 == 0 }
        let scores = labels.enumerated().map { index, churned in (churned ? 0.5 : 0.2) + Double(index % 5) / 20 }
        let calibrated = try BinaryClassificationReport(scores: scores, labels: labels)
        let raw = try BinaryClassificationReport(scores: scores.map { $0 / 2 }, labels: labels)
        let evaluation = ModelEvaluation(dataset: "test snapshots 2025-06-01", rows: 60, positives: 20, raw: raw, calibrated: calibrated, baselines: [])
        let manifest = BundleManifest(version: "v-curves", featureSchema: SpecExampleSchema.schema, evaluation: evaluation)
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/model.json")
        let bundle = try ModelBundle(manifest: manifest, modelJSON: try Data(contentsOf: model))
        try await withTestStore { store, home in
            let record = try await ModelRegistration.register(bundle: bundle, into: store, home: home, gate: PromotionGate(minimumAUC: 0), actor: "test")
            let stored = try RegistryMetrics.decode(try #require(try await store.modelRegistry.version(record.version)).metricsJSON)
            #expect(stored.rocAUC == calibrated.rocAUC)
            #expect(stored.rocCurve == calibrated.rocCurve && stored.precisionRecallCurve == calibrated.precisionRecallCurve)
            #expect((stored.rocCurve?.count ?? 0) > 2)
        }
    }

    @Test func metricsFromBeforeCurvesStillRead() throws {
        let old = try RegistryMetrics.decode(#"{"roc_auc":0.91,"pr_auc":0.7,"rows":1200,"dataset":"test snapshots"}"#)
        #expect(old.rocAUC == 0.91 && old.rows == 1200)
        #expect(old.rocCurve == nil && old.precisionRecallCurve == nil)
        let written = RegistryMetrics(rocAUC: 0.9, rocCurve: [CurvePoint(x: 0, y: 0), CurvePoint(x: 0.25, y: 0.8), CurvePoint(x: 1, y: 1)]).encoded()
        #expect(written == #"{"roc_auc":0.9,"roc_curve":[[0,0],[0.25,0.8],[1,1]]}"#)
        #expect(try RegistryMetrics.decode(written).rocCurve?.count == 3)
    }
}
