/// Decides whether a customer has a snapshot at a day and, if so, its churn label.
///
/// Days are UTC calendar days and `as_of` is 00:00 of its day, so:
/// - a customer who signed up on or after `as_of` has no snapshot (nothing was known yet);
/// - a customer whose churn day is before `as_of` is already gone and has no snapshot;
/// - otherwise the label is 1 when the churn day is in `as_of … as_of + horizon` (a churn during the
///   `as_of` day itself is after 00:00, so inside the horizon), else 0;
/// - the label is unknown (nil) when the last day of the horizon, `as_of + horizon`, is not before
///   the end of the data (`dataEnd` is the first day that was not observed): a customer without a
///   churn could still churn on a day nobody has seen, and an early churn must not make positives
///   the only labels of a recent snapshot.
public struct ChurnLabeler: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case notSignedUp
        case alreadyChurned
        /// A snapshot row with its label (nil: unlabeled).
        case snapshot(label: Bool?)
    }

    public var horizonDays: Int
    /// The first day after the observed data.
    public var dataEnd: CalendarDay

    public init(horizonDays: Int, dataEnd: CalendarDay) {
        self.horizonDays = horizonDays
        self.dataEnd = dataEnd
    }

    public func outcome(for history: CustomerHistory, asOf: CalendarDay) -> Outcome {
        if history.signupDay >= asOf { return .notSignedUp }
        if let churnDay = history.churnDay, churnDay < asOf { return .alreadyChurned }
        let horizonEnd = asOf.adding(days: horizonDays)
        guard horizonEnd < dataEnd else { return .snapshot(label: nil) }
        guard let churnDay = history.churnDay else { return .snapshot(label: false) }
        return .snapshot(label: churnDay <= horizonEnd)
    }
}
