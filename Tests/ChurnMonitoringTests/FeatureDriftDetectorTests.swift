import ChurnModel
import Foundation
import Testing
@testable import ChurnMonitoring

@Suite struct FeatureDriftDetectorTests {
    static func values(_ count: Int, seed: UInt64, shift: Double = 0, missingEvery: Int = 0) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { index in
            if missingEvery > 0, index % missingEvery == 0 { return .nan }
            return generator.nextUnit() + generator.nextUnit() + generator.nextUnit() + shift
        }
    }

    @Test func smallReferencesAreTestedWithKSAndLargeOnesMeasuredWithWasserstein() {
        let small = ReferenceDistribution.numeric(feature: "x", values: Self.values(800, seed: 1), sampleSeed: 1)
        let large = ReferenceDistribution.numeric(feature: "x", values: Self.values(20_000, seed: 2), sampleSeed: 2)
        let detector = FeatureDriftDetector()
        let same = detector.measure(reference: small, kind: "numeric", current: .numbers(Self.values(2_000, seed: 3)))
        #expect(same.method == .kolmogorovSmirnov && !same.drifted && same.status == .ok && same.threshold == 0.05)
        let shifted = detector.measure(reference: small, kind: "numeric", current: .numbers(Self.values(2_000, seed: 3, shift: 0.2)))
        #expect(shifted.method == .kolmogorovSmirnov && shifted.drifted && shifted.status == .alert && shifted.value < 0.05)

        let stable = detector.measure(reference: large, kind: "numeric", current: .numbers(Self.values(50_000, seed: 4)))
        #expect(stable.method == .wasserstein && !stable.drifted && stable.value < 0.05)
        let moved = detector.measure(reference: large, kind: "numeric", current: .numbers(Self.values(50_000, seed: 4, shift: 0.15)))
        // 0.15 over a standard deviation of 0.5: a normed distance of about 0.3.
        #expect(moved.method == .wasserstein && moved.drifted && abs(moved.value - 0.3) < 0.03)
        #expect((moved.psi ?? 0) > (stable.psi ?? 1))
    }

    @Test func moreMissingValuesAreAWarningOfTheirOwn() {
        let reference = ReferenceDistribution.numeric(feature: "x", values: Self.values(20_000, seed: 5), sampleSeed: 5)
        let drift = FeatureDriftDetector().measure(reference: reference, kind: "numeric", current: .numbers(Self.values(10_000, seed: 6, missingEvery: 5)))
        #expect(!drift.drifted && drift.missingIncreased && drift.status == .warn)
        #expect(abs(drift.currentMissingShare - 0.2) < 1e-9 && drift.referenceMissingShare == 0)
    }

    @Test func anOldBundleWithoutSamplesFallsBackToItsBinsAndSaysSo() {
        var reference = ReferenceDistribution.numeric(feature: "x", values: Self.values(20_000, seed: 7), sampleSeed: 7)
        reference.sample = nil
        let drift = FeatureDriftDetector().measure(reference: reference, kind: "numeric", current: .numbers(Self.values(10_000, seed: 8, shift: 0.3)))
        #expect(drift.method == .binnedJensenShannon && drift.drifted && drift.note?.contains("no reference sample") == true)
        #expect((drift.psi ?? 0) >= 0.2 && drift.psiStatus == .alert)
    }

    @Test func booleansAreCategoriesAndCategoriesUseChiSquareOrJensenShannon() {
        let flags = (0..<900).map { Double($0 % 10 == 0 ? 1 : 0) }
        let reference = ReferenceDistribution.numeric(feature: "flag", values: flags, sampleSeed: 1)
        let more = (0..<900).map { Double($0 % 4 == 0 ? 1 : 0) }
        let drift = FeatureDriftDetector().measure(reference: reference, kind: "boolean", current: .numbers(more))
        #expect(drift.method == .chiSquare && drift.drifted)

        let plans = ReferenceDistribution.categorical(feature: "plan", values: (0..<5_000).map { ["basic", "pro", nil][$0 % 3] })
        let same = FeatureDriftDetector().measure(reference: plans, kind: "categorical", current: .categories((0..<3_000).map { ["basic", "pro"][$0 % 2] }))
        #expect(same.method == .jensenShannon && !same.drifted && same.value < 1e-9)
        let newPlan = FeatureDriftDetector().measure(reference: plans, kind: "categorical", current: .categories((0..<3_000).map { ["basic", "pro", "max"][$0 % 3] }))
        #expect(newPlan.drifted && newPlan.status == .alert)
    }

    @Test func theDatasetDriftsWhenHalfItsFeaturesDo() {
        let schema = FeatureSchema(features: (0..<4).map { FeatureSpec(name: "f\($0)", kind: .numeric) })
        let references = (0..<4).map { ReferenceDistribution.numeric(feature: "f\($0)", values: Self.values(5_000, seed: UInt64($0)), sampleSeed: 1) }
        let detector = DatasetDriftDetector(workers: 2)
        let one = detector.measure(schema: schema, references: references, columns: (0..<4).map {
            .numbers(Self.values(5_000, seed: 100 + UInt64($0), shift: $0 == 0 ? 0.5 : 0))
        })
        #expect(one.driftedFeatures == 1 && !one.datasetDrift && one.features.map(\.feature) == ["f0", "f1", "f2", "f3"])
        let two = detector.measure(schema: schema, references: references, columns: (0..<4).map {
            .numbers(Self.values(5_000, seed: 100 + UInt64($0), shift: $0 < 2 ? 0.5 : 0))
        })
        #expect(two.driftedFeatures == 2 && two.driftShare == 0.5 && two.datasetDrift)
    }
}
