import Foundation

/// Splits a snapshot feature table by time: older snapshots train, the next-newest validate, the
/// newest labelled ones test — so every evaluation is on dates after everything the model saw.
///
/// Rows are (customer, snapshot date). Each row goes to exactly one side, decided by its date alone,
/// and the three sides cover disjoint date ranges; so a customer's snapshot at one date can never be
/// in both train and test (the same customer does appear on several sides, at different dates,
/// which is what scoring them in the future looks like). Unlabelled rows (horizon not yet over) are
/// left out. An optional embargo (set it to the label horizon) skips snapshot dates whose label window
/// would reach into the next side's period, so no label on one side is decided by events the next
/// side is evaluated on.
public struct TimeSplit: Sendable, Equatable {
    /// Distinct snapshot dates given to validation and to test (the newest ones go to test).
    public var validationSnapshots: Int
    public var testSnapshots: Int
    /// Minimum days from any snapshot to the first snapshot of the next-newer side; dates closer
    /// than this are skipped (reported as `embargoed`). 0 = sides are adjacent runs of dates.
    public var embargoDays: Int

    public init(validationSnapshots: Int = 1, testSnapshots: Int = 1, embargoDays: Int = 0) {
        self.validationSnapshots = validationSnapshots
        self.testSnapshots = testSnapshots
        self.embargoDays = embargoDays
    }

    /// Row indices per side, ascending, and the snapshot days each side covers.
    public struct Assignment: Sendable, Equatable {
        public var train: [Int]
        public var validation: [Int]
        public var test: [Int]
        /// Distinct snapshot days per side, ascending; every train day < every validation day <
        /// every test day.
        public var trainDays: [Int]
        public var validationDays: [Int]
        public var testDays: [Int]
        /// Rows left out because they have no label.
        public var unlabelled: [Int]
        /// Labelled rows left out by the embargo.
        public var embargoed: [Int]
    }

    /// Splits rows given each row's snapshot as a day number (days since 1970-01-01, or any
    /// monotonic day count) and whether the row has a label.
    public func split(snapshotDays: [Int], isLabelled: [Bool]) throws(DataSplitError) -> Assignment {
        guard isLabelled.count == snapshotDays.count else {
            throw .lengthMismatch(field: "isLabelled", expected: snapshotDays.count, actual: isLabelled.count)
        }
        guard validationSnapshots >= 1 else {
            throw .invalidSetting(name: "validationSnapshots", value: validationSnapshots, expected: "at least 1")
        }
        guard testSnapshots >= 1 else {
            throw .invalidSetting(name: "testSnapshots", value: testSnapshots, expected: "at least 1")
        }
        guard embargoDays >= 0 else {
            throw .invalidSetting(name: "embargoDays", value: embargoDays, expected: "0 or more")
        }
        var labelledDays = Set<Int>()
        for (row, day) in snapshotDays.enumerated() where isLabelled[row] {
            labelledDays.insert(day)
        }
        let days = labelledDays.sorted()
        let required = validationSnapshots + testSnapshots + 1
        guard days.count >= required else {
            throw .tooFewLabelledSnapshots(found: days.count, required: required)
        }
        // With an embargo, dates too close to the next side are skipped rather than used, so the
        // sides may reach further back; without one the sides are adjacent runs of dates.
        let testDays = Array(days.suffix(testSnapshots))
        let firstTest = testDays[0]
        let validationDays = Array(
            days.filter { $0 < firstTest && $0 + embargoDays <= firstTest }.suffix(validationSnapshots))
        guard validationDays.count == validationSnapshots else {
            throw .embargoLeavesTooFewSnapshots(embargoDays: embargoDays, side: "validation", beforeDay: firstTest)
        }
        let firstValidation = validationDays[0]
        let trainDays = days.filter { $0 < firstValidation && $0 + embargoDays <= firstValidation }
        guard !trainDays.isEmpty else {
            throw .embargoLeavesTooFewSnapshots(embargoDays: embargoDays, side: "train", beforeDay: firstValidation)
        }

        var assignment = Assignment(
            train: [], validation: [], test: [], trainDays: trainDays, validationDays: validationDays,
            testDays: testDays, unlabelled: [], embargoed: [])
        let train = Set(trainDays), validation = Set(validationDays), test = Set(testDays)
        for (row, day) in snapshotDays.enumerated() {
            if !isLabelled[row] {
                assignment.unlabelled.append(row)
            } else if test.contains(day) {
                assignment.test.append(row)
            } else if validation.contains(day) {
                assignment.validation.append(row)
            } else if train.contains(day) {
                assignment.train.append(row)
            } else {
                assignment.embargoed.append(row)
            }
        }
        return assignment
    }

    /// Splits rows given each row's snapshot date; dates are compared by UTC day.
    public func split(snapshotDates: [Date], isLabelled: [Bool]) throws(DataSplitError) -> Assignment {
        try split(
            snapshotDays: snapshotDates.map { Int(($0.timeIntervalSince1970 / 86_400).rounded(.down)) },
            isLabelled: isLabelled)
    }
}
