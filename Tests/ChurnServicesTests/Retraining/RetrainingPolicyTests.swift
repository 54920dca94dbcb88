import ChurnServices
import ChurnStore
import Foundation
import Testing

@Suite struct RetrainingPolicyTests {
    @Test func anEmptyOrMissingFileMeansTheDefaults() throws {
        #expect(try RetrainingPolicy(yaml: "") == RetrainingPolicy())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)").path
        #expect(try RetrainingPolicy.load(explicit: nil, home: home) == RetrainingPolicy())
        let defaults = RetrainingPolicy()
        #expect(defaults.approval == .manual && defaults.gate == PromotionGate(minimumAUC: 0.88, maxDrop: 0.03, maxCalibrationError: 0.05))
    }

    @Test func readsEveryKey() throws {
        let policy = try RetrainingPolicy(yaml: """
            triggers: {every_days: 0, on_drift_alert: false, on_concept_drift: true}
            gates: {min_roc_auc: 0.7, max_auc_drop: 0.01, max_calibration_error: 0.1}
            promotion: {approval: automatic, canary_share: 0.25, shadow_days: 5, canary_days: 2, outcome_horizon_days: 30}
            """)
        #expect(policy.everyDays == 0 && !policy.onDriftAlert && policy.onConceptDrift)
        #expect(policy.gate == PromotionGate(minimumAUC: 0.7, maxDrop: 0.01, maxCalibrationError: 0.1))
        #expect(policy.approval == .automatic && policy.canaryShare == 0.25)
        #expect(policy.shadowDays == 5 && policy.canaryDays == 2 && policy.outcomeHorizonDays == 30)
    }

    @Test func namesEveryBadKeyWithItsLine() throws {
        do {
            _ = try RetrainingPolicy(yaml: """
                triggers:
                  every_days: -1
                gates:
                  min_roc_auc: 1.5
                promotion:
                  approval: sometimes
                  canary_shares: 0.1
                """)
            Issue.record("a bad policy was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("line 2: triggers.every_days: -1 is out of range"), "\(text)")
            #expect(text.contains("line 4: gates.min_roc_auc"), "\(text)")
            #expect(text.contains("line 6: promotion.approval: 'sometimes' is not an approval mode: manual or automatic"), "\(text)")
            #expect(text.contains("canary_shares"), "\(text)")
        }
    }

    @Test func theGateChecksFloorDropAndCalibration() {
        let gate = PromotionGate(minimumAUC: 0.8, maxDrop: 0.03, maxCalibrationError: 0.05)
        #expect(gate.rejection(auc: 0.85, productionAUC: 0.86, calibrationError: 0.02) == nil)
        #expect(gate.rejection(auc: 0.79, productionAUC: nil, calibrationError: 0.02)?.contains("below the floor") == true)
        #expect(gate.rejection(auc: 0.82, productionAUC: 0.86, calibrationError: 0.02)?.contains("below production's 0.8600") == true)
        #expect(gate.rejection(auc: 0.85, productionAUC: nil, calibrationError: 0.08)?.contains("calibration error (ECE) 0.0800 is above the limit 0.0500") == true)
        #expect(gate.rejection(auc: 0.85, productionAUC: nil, calibrationError: nil)?.contains("no calibration error") == true)
        // Without a calibration limit (train --register) the error is not needed.
        #expect(PromotionGate(minimumAUC: 0.8).rejection(auc: 0.85, productionAUC: nil) == nil)
    }
}
