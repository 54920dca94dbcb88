/// A kind of customer in the simulated population, with how it behaves and how it reacts to
/// each kind of offer: the ground truth a simulated campaign is judged against.
public struct CustomerArchetype: Sendable, Equatable {
    public var name: String
    /// Share of the population.
    public var share: Double
    /// Mean and spread of the true 90-day churn log-odds.
    public var churnLogOdds: Double
    public var churnLogOddsSpread: Double
    /// Median monthly revenue and its log-normal spread.
    public var medianMonthlyRevenue: Double
    public var revenueSpread: Double
    /// Typical behaviour (means; the simulator adds noise).
    public var engagementDecline: Double
    public var loginFrequencyRatio: Double
    public var daysSinceLastPurchase: Double
    public var purchaseFrequency: Double
    /// True retention lift by offer type: the chance an at-risk customer who gets such an offer stays.
    public var liftByOfferType: [String: Double]
    /// Lift of an offer type not listed.
    public var defaultLift: Double

    public init(
        name: String, share: Double, churnLogOdds: Double, churnLogOddsSpread: Double, medianMonthlyRevenue: Double,
        revenueSpread: Double, engagementDecline: Double, loginFrequencyRatio: Double, daysSinceLastPurchase: Double,
        purchaseFrequency: Double, liftByOfferType: [String: Double], defaultLift: Double = 0.05
    ) {
        self.name = name
        self.share = share
        self.churnLogOdds = churnLogOdds
        self.churnLogOddsSpread = churnLogOddsSpread
        self.medianMonthlyRevenue = medianMonthlyRevenue
        self.revenueSpread = revenueSpread
        self.engagementDecline = engagementDecline
        self.loginFrequencyRatio = loginFrequencyRatio
        self.daysSinceLastPurchase = daysSinceLastPurchase
        self.purchaseFrequency = purchaseFrequency
        self.liftByOfferType = liftByOfferType
        self.defaultLift = defaultLift
    }

    public func trueLift(offerType: String) -> Double { liftByOfferType[offerType] ?? defaultLift }

    /// Five kinds of subscriber whose best offer differs, so that choosing the offer matters:
    /// key accounts answer a personal call, bargain hunters a discount, fading users a nudge to
    /// come back, lost causes almost nothing, and loyal customers rarely need anything. Lost
    /// causes look like fading users on the behavioural signals rules read; only their risk
    /// (which the model sees) tells them apart.
    public static let standard: [CustomerArchetype] = [
        CustomerArchetype(
            name: "key accounts", share: 0.12, churnLogOdds: -0.8, churnLogOddsSpread: 1.0,
            medianMonthlyRevenue: 420, revenueSpread: 0.5, engagementDecline: 0.25, loginFrequencyRatio: 0.8,
            daysSinceLastPurchase: 20, purchaseFrequency: 6,
            liftByOfferType: ["premium": 0.55, "standard": 0.25, "engagement": 0.10]),
        CustomerArchetype(
            name: "bargain hunters", share: 0.25, churnLogOdds: -0.2, churnLogOddsSpread: 1.0,
            medianMonthlyRevenue: 35, revenueSpread: 0.4, engagementDecline: 0.15, loginFrequencyRatio: 0.9,
            daysSinceLastPurchase: 70, purchaseFrequency: 2,
            liftByOfferType: ["premium": 0.50, "standard": 0.40, "engagement": 0.05]),
        CustomerArchetype(
            name: "fading users", share: 0.23, churnLogOdds: 0.2, churnLogOddsSpread: 1.0,
            medianMonthlyRevenue: 60, revenueSpread: 0.4, engagementDecline: 0.55, loginFrequencyRatio: 0.35,
            daysSinceLastPurchase: 45, purchaseFrequency: 3,
            liftByOfferType: ["premium": 0.20, "standard": 0.15, "engagement": 0.40]),
        CustomerArchetype(
            name: "lost causes", share: 0.10, churnLogOdds: 2.2, churnLogOddsSpread: 0.8,
            medianMonthlyRevenue: 30, revenueSpread: 0.4, engagementDecline: 0.55, loginFrequencyRatio: 0.35,
            daysSinceLastPurchase: 55, purchaseFrequency: 1.5,
            liftByOfferType: ["premium": 0.10, "standard": 0.04, "engagement": 0.02]),
        CustomerArchetype(
            name: "loyal", share: 0.30, churnLogOdds: -2.6, churnLogOddsSpread: 0.8,
            medianMonthlyRevenue: 80, revenueSpread: 0.5, engagementDecline: 0.05, loginFrequencyRatio: 1.1,
            daysSinceLastPurchase: 12, purchaseFrequency: 8,
            liftByOfferType: ["premium": 0.30, "standard": 0.25, "engagement": 0.20]),
    ]
}
