/// One stage of a program's filter chain, in the order the program lists them.
///
/// Each stage removes customers who should not be contacted, for a reason a retention team can
/// read in the funnel ("trust removed 1,204").
public enum FilterSpec: Sendable, Equatable {
    /// The account is active and verified: never spend an offer on a dormant or unverified account.
    case trust
    /// Behaviour confirms the model's risk: at least `minSignalsRequired` of the listed signals.
    case churnSignal(ChurnSignalCriteria)
    /// The customer is worth an offer: lifetime value and subscription tier floors.
    case customerValue(CustomerValueCriteria)
    /// Not opted out and no retention offer within `cooldownDays`.
    case eligibility(cooldownDays: Int)
    /// At most `maxOffersPerQuarter` offers in the current quarter.
    case frequencyCap(maxOffersPerQuarter: Int)

    /// The name used in YAML and in the funnel.
    public var name: String {
        switch self {
        case .trust: return "trust"
        case .churnSignal: return "churn-signal"
        case .customerValue: return "customer-value"
        case .eligibility: return "eligibility"
        case .frequencyCap: return "frequency-cap"
        }
    }
}

/// Thresholds of the churn-signal filter. A signal whose feature is unknown counts as absent.
public struct ChurnSignalCriteria: Sendable, Equatable {
    /// Fractional drop of engagement against the previous period (0.3 = 30 % less).
    public var minEngagementDecline: Double
    /// Recent logins divided by earlier logins; at or below this counts as a signal.
    public var maxLoginFrequencyRatio: Double
    public var minDaysSinceLastPurchase: Int
    public var minSignalsRequired: Int

    public init(
        minEngagementDecline: Double = 0.3, maxLoginFrequencyRatio: Double = 0.5,
        minDaysSinceLastPurchase: Int = 60, minSignalsRequired: Int = 2
    ) {
        self.minEngagementDecline = minEngagementDecline
        self.maxLoginFrequencyRatio = maxLoginFrequencyRatio
        self.minDaysSinceLastPurchase = minDaysSinceLastPurchase
        self.minSignalsRequired = minSignalsRequired
    }
}

/// Floors of the customer-value filter.
public struct CustomerValueCriteria: Sendable, Equatable {
    public var minLifetimeValue: Double
    /// The lowest subscription tier admitted, by the program's `subscriptionTiers` order;
    /// `nil` admits every tier.
    public var minSubscriptionTier: String?

    public init(minLifetimeValue: Double = 0, minSubscriptionTier: String? = nil) {
        self.minLifetimeValue = minLifetimeValue
        self.minSubscriptionTier = minSubscriptionTier
    }
}
