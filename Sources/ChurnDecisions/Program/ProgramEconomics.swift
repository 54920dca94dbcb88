/// The money side of a program: how customer value and offer cost are computed.
///
/// Lives in the program (YAML key `economics`) because margins and contact costs differ per
/// business; every field has a default so that the example file needs none of them.
public struct ProgramEconomics: Sendable, Equatable {
    /// Share of revenue that is profit (gross margin), 0…1.
    public var margin: Double
    /// Monthly discount rate for future revenue (0.01 ≈ 12.7 % a year).
    public var monthlyDiscountRate: Double
    /// No customer's value counts beyond this many months.
    public var horizonMonths: Int
    /// The window the churn probability refers to (the model's 90-day horizon = 3 months).
    public var predictionHorizonMonths: Double
    /// Monthly churn hazard of a customer once an offer has saved them (the risk episode is
    /// resolved, so they are back to the business's ordinary churn). Sets the value at stake.
    public var retainedMonthlyChurnRate: Double
    /// Cost of a retention specialist's call, per call.
    public var personalCallCost: Double
    /// Cost of an included upgrade, per month of the offer.
    public var upgradeCostPerMonth: Double
    /// Cost of one contact by channel name; a channel not listed costs nothing.
    public var contactCost: [String: Double]

    public init(
        margin: Double = 0.7, monthlyDiscountRate: Double = 0.01, horizonMonths: Int = 36,
        predictionHorizonMonths: Double = 3, retainedMonthlyChurnRate: Double = 0.03, personalCallCost: Double = 25,
        upgradeCostPerMonth: Double = 5,
        contactCost: [String: Double] = ["email": 0.05, "phone": 8, "in-app": 0.01]
    ) {
        self.margin = margin
        self.monthlyDiscountRate = monthlyDiscountRate
        self.horizonMonths = horizonMonths
        self.predictionHorizonMonths = predictionHorizonMonths
        self.retainedMonthlyChurnRate = retainedMonthlyChurnRate
        self.personalCallCost = personalCallCost
        self.upgradeCostPerMonth = upgradeCostPerMonth
        self.contactCost = contactCost
    }

    public static let `default` = ProgramEconomics()
}
