import Foundation
import Testing
@testable import ChurnTraining

@Suite struct TimeSplitTests {
    /// Three customers with monthly snapshots on days 0, 30, ..., 150; the newest is unlabelled.
    private let days = (0..<6).flatMap { month in Array(repeating: month * 30, count: 3) }
    private var labelled: [Bool] { days.map { $0 < 150 } }

    @Test func trainsOnOlderValidatesOnNextTestsOnNewest() throws {
        let split = try TimeSplit().split(snapshotDays: days, isLabelled: labelled)
        #expect(split.trainDays == [0, 30, 60])
        #expect(split.validationDays == [90])
        #expect(split.testDays == [120])
        let trainMax = try #require(split.train.map { days[$0] }.max())
        let validationDays = split.validation.map { days[$0] }
        let testMin = try #require(split.test.map { days[$0] }.min())
        #expect(trainMax < validationDays.min()! && validationDays.max()! < testMin)
        #expect(split.unlabelled == [15, 16, 17])
        // Every labelled row lands on exactly one side.
        let all = split.train + split.validation + split.test + split.unlabelled
        #expect(all.sorted() == Array(days.indices))
    }

    @Test func honoursConfiguredSnapshotCounts() throws {
        let split = try TimeSplit(validationSnapshots: 2, testSnapshots: 2).split(snapshotDays: days, isLabelled: labelled)
        #expect(split.trainDays == [0])
        #expect(split.validationDays == [30, 60])
        #expect(split.testDays == [90, 120])
    }

    @Test func refusesFewerThanThreeLabelledDates() {
        let twoDates = [0, 0, 30, 30, 60]
        #expect(throws: DataSplitError.tooFewLabelledSnapshots(found: 2, required: 3)) {
            try TimeSplit().split(snapshotDays: twoDates, isLabelled: [true, true, true, true, false])
        }
        #expect(throws: DataSplitError.tooFewLabelledSnapshots(found: 5, required: 6)) {
            try TimeSplit(validationSnapshots: 2, testSnapshots: 3).split(snapshotDays: days, isLabelled: labelled)
        }
    }

    @Test func embargoSkipsDatesWhoseLabelWindowReachesTheNextSide() throws {
        // Days 0...120 labelled; test = 120, validation must be <= 60, train <= 0.
        let split = try TimeSplit(embargoDays: 60).split(snapshotDays: days, isLabelled: labelled)
        #expect(split.testDays == [120])
        #expect(split.validationDays == [60])
        #expect(split.trainDays == [0])
        #expect(split.embargoed == [3, 4, 5, 9, 10, 11])
        #expect(split.train.allSatisfy { days[$0] + 60 <= 60 })
        #expect(throws: DataSplitError.embargoLeavesTooFewSnapshots(embargoDays: 90, side: "train", beforeDay: 30)) {
            try TimeSplit(embargoDays: 90).split(snapshotDays: days, isLabelled: labelled)
        }
    }

    @Test func acceptsDatesAndIgnoresTimeOfDay() throws {
        let base = Date(timeIntervalSince1970: 86_400 * 19_000)
        let dates = [0, 1, 2, 3].map { base.addingTimeInterval(Double($0) * 86_400 + 3_600 * Double($0)) }
        let split = try TimeSplit().split(snapshotDates: dates, isLabelled: [true, true, true, true])
        #expect(split.trainDays == [19_000, 19_001])
        #expect(split.test == [3])
    }

    @Test func refusesMismatchedLengths() {
        #expect(throws: DataSplitError.lengthMismatch(field: "isLabelled", expected: 3, actual: 2)) {
            try TimeSplit().split(snapshotDays: [0, 1, 2], isLabelled: [true, true])
        }
    }
}
