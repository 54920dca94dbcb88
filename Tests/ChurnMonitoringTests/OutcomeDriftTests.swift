import ChurnMonitoring
import Foundation
import Testing

@Suite struct OutcomeDriftTests {
    /// 1,000 customers at p = 0.09 over a 90-day horizon.
    static let probabilities = [Double](repeating: 0.09, count: 1_000)
    static func churned(_ count: Int) -> [Bool] { (0..<1_000).map { $0 < count } }

    @Test func expectsTheShareOfTheHorizonThatHasPassed() throws {
        let full = OutcomeDrift(probabilities: Self.probabilities, churnedSoFar: Self.churned(90), elapsedDays: 90, horizonDays: 90)
        #expect(abs(full.expectedChurners - 90) < 1e-9 && abs((full.ratio ?? 0) - 1) < 1e-9 && !full.drifted)
        // A third of the horizon: 1 − 0.91^(1/3) per customer, not simply p / 3.
        let third = OutcomeDrift(probabilities: Self.probabilities, churnedSoFar: Self.churned(31), elapsedDays: 30, horizonDays: 90)
        #expect(abs(third.expectedChurners - 1_000 * (1 - pow(0.91, 1.0 / 3))) < 1e-9)
        #expect(!third.drifted, "31 churned, \(third.expectedChurners) expected")
        // Outcomes beyond the horizon count as the horizon.
        #expect(OutcomeDrift(probabilities: Self.probabilities, churnedSoFar: Self.churned(90), elapsedDays: 120, horizonDays: 90).elapsedDays == 90)
    }

    @Test func driftsWhenChurnIsFarAboveOrBelowWhatTheScoresExpect() throws {
        // About 30.9 expected in 30 days.
        let surge = OutcomeDrift(probabilities: Self.probabilities, churnedSoFar: Self.churned(80), elapsedDays: 30, horizonDays: 90)
        #expect(surge.drifted && (surge.ratio ?? 0) > 2.5 && surge.zScore > 8)
        let lull = OutcomeDrift(probabilities: Self.probabilities, churnedSoFar: Self.churned(8), elapsedDays: 30, horizonDays: 90)
        #expect(lull.drifted && (lull.ratio ?? 1) < 0.3 && lull.zScore < -3)
        // 1.5× but on few customers: within noise, no drift.
        let few = OutcomeDrift(probabilities: [Double](repeating: 0.09, count: 40), churnedSoFar: (0..<40).map { $0 < 2 },
                               elapsedDays: 30, horizonDays: 90)
        #expect((few.ratio ?? 0) > 1.5 && abs(few.zScore) < 3 && !few.drifted)
        // The ratio threshold is configurable.
        var strict = DriftConfiguration()
        strict.outcomeDriftRatio = 1.2
        strict.outcomeDriftZScore = 1
        #expect(OutcomeDrift(probabilities: Self.probabilities, churnedSoFar: Self.churned(40), elapsedDays: 30, horizonDays: 90, configuration: strict).drifted)
    }

    @Test func ranksTheChurnersSeenSoFarAndRoundTripsAsJSON() throws {
        let probabilities = (0..<100).map { Double($0) / 100 }
        let drift = OutcomeDrift(probabilities: probabilities, churnedSoFar: (0..<100).map { $0 >= 90 }, elapsedDays: 20, horizonDays: 90)
        #expect(drift.rocAUC == 1)
        let json = try JSONEncoder().encode(drift)
        #expect(try JSONDecoder().decode(OutcomeDrift.self, from: json) == drift)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"observed_churners\":10") && text.contains("\"elapsed_days\":20"))
        #expect(OutcomeDrift(probabilities: [0.1, 0.2], churnedSoFar: [false, false], elapsedDays: 20, horizonDays: 90).rocAUC == nil)
    }
}
