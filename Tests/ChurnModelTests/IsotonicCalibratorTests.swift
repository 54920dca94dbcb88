import Foundation
import Testing
@testable import ChurnModel

@Suite struct IsotonicCalibratorTests {
    @Test func poolsAdjacentViolators() throws {
        // Outcomes by score: 0.1→0, 0.2→1, 0.3→0, 0.4→1, 0.5→1. The violating pair (0.2, 0.3) pools to 0.5.
        let calibrator = try IsotonicCalibrator.fit(
            scores: [0.1, 0.2, 0.3, 0.4, 0.5], labels: [false, true, false, true, true])
        #expect(calibrator.calibrate(0.1) == 0)
        #expect(calibrator.calibrate(0.2) == 0.5)
        #expect(calibrator.calibrate(0.3) == 0.5)
        #expect(calibrator.calibrate(0.25) == 0.5)
        #expect(calibrator.calibrate(0.45) == 1)
        // Linear between fitted points, clipped outside them.
        #expect(abs(calibrator.calibrate(0.15) - 0.25) < 1e-12)
        #expect(calibrator.calibrate(-3) == 0)
        #expect(calibrator.calibrate(9) == 1)
        #expect(calibrator.calibrate(.nan).isNaN)
    }

    @Test func tiesShareOneValueAndOutputIsMonotone() throws {
        var generator = SplitMix64(seed: 3)
        var scores: [Double] = []
        var labels: [Bool] = []
        for _ in 0..<5_000 {
            // Rounded scores create many ties; outcomes follow a miscalibrated curve (true rate = score²).
            let score = (generator.nextUnit() * 50).rounded() / 50
            scores.append(score)
            labels.append(generator.nextUnit() < score * score)
        }
        let calibrator = try IsotonicCalibrator.fit(scores: scores, labels: labels)
        var previous = -1.0
        for step in 0...1000 {
            let value = calibrator.calibrate(Double(step) / 1000)
            #expect(value >= previous)
            previous = value
        }
        // Calibrated probabilities follow the true curve, not the raw score.
        #expect(abs(calibrator.calibrate(0.5) - 0.25) < 0.06)
        #expect(abs(calibrator.calibrate(0.9) - 0.81) < 0.06)
        // In-sample, isotonic regression is perfectly calibrated in the mean.
        let meanCalibrated = scores.map(calibrator.calibrate).reduce(0, +) / Double(scores.count)
        let observed = Double(labels.filter { $0 }.count) / Double(labels.count)
        #expect(abs(meanCalibrated - observed) < 1e-9)
    }

    @Test func refusesUnusableInput() {
        #expect(throws: CalibrationError.self) { try IsotonicCalibrator.fit(scores: [0.1, 0.2], labels: [true, true]) }
        #expect(throws: CalibrationError.self) { try IsotonicCalibrator.fit(scores: [0.1, .nan], labels: [true, false]) }
        #expect(throws: CalibrationError.self) { try IsotonicCalibrator.fit(scores: [0.1], labels: [true, false]) }
        #expect(throws: CalibrationError.self) { try IsotonicCalibrator(thresholds: [0.1, 0.2], values: [0.5, 0.4]) }
    }

    @Test func decodingValidates() throws {
        let good = try IsotonicCalibrator(thresholds: [0.1, 0.9], values: [0.05, 0.8])
        let data = try JSONEncoder().encode(good)
        #expect(try JSONDecoder().decode(IsotonicCalibrator.self, from: data) == good)
        let bad = Data(#"{"thresholds":[0.1,0.9],"values":[0.8,0.05]}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(IsotonicCalibrator.self, from: bad) }
    }
}
