import Testing
@testable import ChurnData

@Suite struct ChurnLabelerTests {
    let asOf = CalendarDay(year: 2024, month: 6, day: 1)
    let labeler = ChurnLabeler(horizonDays: 90, dataEnd: CalendarDay(year: 2025, month: 1, day: 1))

    func history(signup: CalendarDay = CalendarDay(year: 2024, month: 1, day: 1), churn: CalendarDay?) -> CustomerHistory {
        CustomerHistory(customerID: "c", signupDay: signup, plan: .basic, segment: .smb, country: nil,
                        contractType: .monthly, signupMRR: 10, churnDay: churn)
    }

    @Test func horizonIncludesItsLastDayAndNotTheNext() {
        #expect(labeler.outcome(for: history(churn: asOf.adding(days: 90)), asOf: asOf) == .snapshot(label: true))
        #expect(labeler.outcome(for: history(churn: asOf.adding(days: 91)), asOf: asOf) == .snapshot(label: false))
        #expect(labeler.outcome(for: history(churn: nil), asOf: asOf) == .snapshot(label: false))
    }

    @Test func churnOnTheAsOfDayIsInsideTheHorizonAndTheDayBeforeIsExcluded() {
        #expect(labeler.outcome(for: history(churn: asOf), asOf: asOf) == .snapshot(label: true))
        #expect(labeler.outcome(for: history(churn: asOf.adding(days: -1)), asOf: asOf) == .alreadyChurned)
    }

    @Test func customersSigningUpOnOrAfterAsOfAreExcluded() {
        #expect(labeler.outcome(for: history(signup: asOf, churn: nil), asOf: asOf) == .notSignedUp)
        #expect(labeler.outcome(for: history(signup: asOf.adding(days: 3), churn: nil), asOf: asOf) == .notSignedUp)
        #expect(labeler.outcome(for: history(signup: asOf.adding(days: -1), churn: nil), asOf: asOf) == .snapshot(label: false))
    }

    @Test func horizonPastTheDataEndIsUnlabeledEvenForAnObservedChurn() {
        let end = CalendarDay(year: 2025, month: 1, day: 1)
        let lastFull = end.adding(days: -91)  // horizon ends on end − 1, the last observed day
        #expect(labeler.outcome(for: history(churn: nil), asOf: lastFull) == .snapshot(label: false))
        #expect(labeler.outcome(for: history(churn: nil), asOf: lastFull.adding(days: 1)) == .snapshot(label: nil))
        #expect(labeler.outcome(for: history(churn: end.adding(days: -5)), asOf: lastFull.adding(days: 30)) == .snapshot(label: nil))
    }
}
