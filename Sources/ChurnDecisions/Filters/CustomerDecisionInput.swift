import Foundation

/// Everything the decision engine needs to know about one scored customer.
///
/// The lead's batch job fills it from the latest prediction and the online feature row; the
/// engine never reads a database. Unknown behavioural features are `nil` and count as "no
/// signal". The risk tier is not stored here: the program's own tiers decide it from
/// `churnProbability`, because a program may enable CRITICAL or move the cut-offs.
public struct CustomerDecisionInput: Sendable, Equatable {
    public var customerID: String
    /// Calibrated probability of churn within the model's horizon.
    public var churnProbability: Double
    /// Average revenue per month (ARPU) of this customer.
    public var monthlyRevenue: Double
    /// Revenue received from this customer so far.
    public var lifetimeValue: Double
    public var subscriptionTier: String
    /// Fractional drop of engagement against the previous period (0.4 = 40 % less).
    public var engagementDecline: Double?
    /// Recent logins per day divided by earlier logins per day (1 = unchanged).
    public var loginFrequencyRatio: Double?
    public var daysSinceLastPurchase: Int?
    /// Purchases (or billing events) in the last 90 days: the F of RFM.
    public var purchaseFrequency: Double?
    public var accountActive: Bool
    public var accountVerified: Bool
    public var optedOut: Bool
    public var lastOfferDate: Date?
    public var offersThisQuarter: Int
    /// A segment assigned elsewhere; `nil` lets the planner's segmentation assign one.
    public var segment: String?

    public init(
        customerID: String, churnProbability: Double, monthlyRevenue: Double, lifetimeValue: Double,
        subscriptionTier: String, engagementDecline: Double? = nil, loginFrequencyRatio: Double? = nil,
        daysSinceLastPurchase: Int? = nil, purchaseFrequency: Double? = nil, accountActive: Bool = true,
        accountVerified: Bool = true, optedOut: Bool = false, lastOfferDate: Date? = nil,
        offersThisQuarter: Int = 0, segment: String? = nil
    ) {
        self.customerID = customerID
        self.churnProbability = churnProbability
        self.monthlyRevenue = monthlyRevenue
        self.lifetimeValue = lifetimeValue
        self.subscriptionTier = subscriptionTier
        self.engagementDecline = engagementDecline
        self.loginFrequencyRatio = loginFrequencyRatio
        self.daysSinceLastPurchase = daysSinceLastPurchase
        self.purchaseFrequency = purchaseFrequency
        self.accountActive = accountActive
        self.accountVerified = accountVerified
        self.optedOut = optedOut
        self.lastOfferDate = lastOfferDate
        self.offersThisQuarter = offersThisQuarter
        self.segment = segment
    }
}
