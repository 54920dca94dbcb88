import ChurnModel
import Foundation
import Testing
@testable import ChurnMonitoring

@Suite struct PerformanceEstimationTests {
    /// Calibrated scores by construction: each customer churns with exactly its probability.
    static func calibrated(_ count: Int, seed: UInt64) -> (probabilities: [Double], churned: [Bool]) {
        var generator = SplitMix64(seed: seed)
        var probabilities: [Double] = [], churned: [Bool] = []
        for _ in 0..<count {
            let u = generator.nextUnit()
            let p = u * u * 0.9 + 0.02
            probabilities.append(p)
            churned.append(generator.nextUnit() < p)
        }
        return (probabilities, churned)
    }

    @Test func withoutDriftCBPEEstimatesTheRealizedROCAUCPrecisionAndRecall() throws {
        let (probabilities, churned) = Self.calibrated(20_000, seed: 9)
        let expected = ExpectedPerformance(probabilities: probabilities, highThreshold: 0.7)
        let realized = RealizedPerformance(probabilities: probabilities, churned: churned, highThreshold: 0.7, referenceROCAUC: nil)
        let estimated = try #require(expected.rocAUC)
        let actual = try #require(realized.rocAUC)
        #expect(abs(estimated - actual) <= 0.02, "estimated \(estimated), realized \(actual)")
        #expect(abs(expected.precisionAtHigh - realized.precisionAtHigh) <= 0.03)
        #expect(abs(expected.recallAtHigh - realized.recallAtHigh) <= 0.03)
        #expect(abs(expected.expectedChurners - Double(realized.churners)) <= 3 * expected.expectedChurners.squareRoot())
        #expect(!realized.conceptDrift)
    }

    @Test func cbpeIsBlindToBrokenCalibrationAndTheRealizedDropIsConceptDrift() throws {
        // The world changed: churn no longer follows the score (half the labels are reshuffled).
        let (probabilities, churned) = Self.calibrated(20_000, seed: 10)
        var generator = SplitMix64(seed: 11)
        let changed = churned.map { generator.nextUnit() < 0.5 ? generator.nextUnit() < 0.35 : $0 }
        let expected = ExpectedPerformance(probabilities: probabilities, highThreshold: 0.7)
        let testAUC = try #require(expected.rocAUC)
        let realized = RealizedPerformance(probabilities: probabilities, churned: changed, highThreshold: 0.7, referenceROCAUC: testAUC)
        #expect(try #require(realized.rocAUC) < testAUC - 0.03)
        #expect(realized.conceptDrift)
    }

    @Test func aPerfectlySeparatingModelIsExpectedToBePerfect() {
        let expected = ExpectedPerformance(probabilities: [0, 0, 1, 1], highThreshold: 0.7)
        #expect(expected.rocAUC == 1 && expected.precisionAtHigh == 1 && expected.recallAtHigh == 1 && expected.expectedChurners == 2)
        #expect(ExpectedPerformance(probabilities: [0, 0], highThreshold: 0.7).rocAUC == nil)
    }
}
