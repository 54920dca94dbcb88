import Testing
@testable import ChurnModel

@Suite struct OptimalThresholdTests {
    // Scores 0.9 (churned), 0.8 (churned), 0.6 (stayed), 0.4 (churned), 0.2 (stayed), 0.1 (stayed).
    static let scores = [0.9, 0.1, 0.8, 0.4, 0.6, 0.2]
    static let labels = [true, false, true, true, false, false]

    @Test func f1PicksTheCutWithTheBestBalance() {
        // Cuts: 0.9 → F1 2/4; 0.8 → 4/5; 0.6 → 4/6; 0.4 → 6/7; 0.2 → 6/8; 0.1 → 6/9.
        let choice = OptimalThreshold.f1(probabilities: Self.scores, labels: Self.labels)
        #expect(choice.threshold == 0.4)
        #expect(abs(choice.value - 6.0 / 7.0) < 1e-12)
    }

    @Test func costPicksTheMostProfitableCutAndFlagsNobodyWhenNothingPays() {
        // Value 10, cost 4: 0.9 → 6; 0.8 → 12; 0.6 → 8; 0.4 → 14; 0.2 → 10; 0.1 → 6.
        let choice = OptimalThreshold.cost(probabilities: Self.scores, labels: Self.labels, offerCost: 4, valueSaved: 10)
        #expect(choice.threshold == 0.4)
        #expect(choice.value == 14)
        let none = OptimalThreshold.cost(probabilities: Self.scores, labels: Self.labels, offerCost: 20, valueSaved: 10)
        #expect(none.threshold == 1)
        #expect(none.value == 0)
    }
}
