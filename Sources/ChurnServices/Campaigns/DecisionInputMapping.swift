import ChurnDecisions
import ChurnModel
import Foundation

/// Reads what the decision engine needs (revenue, value, tier, behavioural signals, consent) from a
/// customer's online feature row.
///
/// The generated data's features are the first names tried; common names of flat imports (for
/// example `MonthlyCharges`, `tenure` in months) follow. A feature the row does not carry is unknown:
/// a signal that cannot be computed is no signal, and a customer without any revenue feature cannot be
/// valued and is left out (counted, not silently dropped).
public struct DecisionInputMapping: Sendable {
    public var monthlyRevenue = ["mrr", "monthly_revenue", "monthly_charges", "MonthlyCharges"]
    public var lifetimeRevenue = ["lifetime_revenue", "total_charges", "TotalCharges"]
    public var tenureDays = ["tenure_days"]
    public var tenureMonths = ["tenure_months", "tenure"]
    public var subscriptionTier = ["plan", "subscription_tier", "tier"]
    /// Activity of the last 30 days over the 30-day average of the 60 before (1 = unchanged).
    public var activityRatio = ["active_days_ratio_30_vs_60", "sessions_ratio_30_vs_60"]
    public var logins30d = ["logins_30d"]
    public var logins90d = ["logins_90d"]
    public var daysSinceLastPurchase = ["days_since_last_payment", "days_since_last_purchase"]
    public var purchases90d = ["payments_paid_90d", "purchases_90d"]
    public var optedOut = ["opted_out", "marketing_opt_out"]
    public var accountVerified = ["account_verified", "verified"]
    public var accountActive = ["account_active", "active"]

    public init() {}

    /// The columns read from each stored row, with the kind the row's JSON must have.
    var schema: FeatureSchema {
        func numeric(_ names: [String]) -> [FeatureSpec] { names.map { FeatureSpec(name: $0, kind: .numeric, required: false) } }
        func boolean(_ names: [String]) -> [FeatureSpec] { names.map { FeatureSpec(name: $0, kind: .boolean, required: false) } }
        let categorical = subscriptionTier.map { FeatureSpec(name: $0, kind: .categorical, required: false) }
        return FeatureSchema(features: numeric(monthlyRevenue) + numeric(lifetimeRevenue) + numeric(tenureDays)
            + numeric(tenureMonths) + categorical + numeric(activityRatio) + numeric(logins30d) + numeric(logins90d)
            + numeric(daysSinceLastPurchase) + numeric(purchases90d) + boolean(optedOut) + boolean(accountVerified)
            + boolean(accountActive))
    }

    /// A reader bound to `schema`'s column positions, built once per run.
    func reader() -> Reader { Reader(mapping: self, schema: schema) }

    struct Reader: Sendable {
        let mapping: DecisionInputMapping
        let schema: FeatureSchema
        let keys: FlatFeatureJSON.KeyIndex
        /// Feature name → position in `schema`.
        var index: [String: Int] { keys.slots }

        init(mapping: DecisionInputMapping, schema: FeatureSchema) {
            self.mapping = mapping
            self.schema = schema
            self.keys = FlatFeatureJSON.index(of: schema)
        }

        /// The customer's monthly revenue, or `nil` when no revenue feature is present.
        func monthlyRevenue(featuresJSON: String) -> Double? {
            let values = FlatFeatureJSON.values(featuresJSON, schema: schema, index: keys)
            for name in mapping.monthlyRevenue {
                if let slot = index[name], case .number(let value) = values[slot], value.isFinite, value >= 0 { return value }
            }
            return nil
        }

        /// The decision input of one customer, or `nil` when no revenue feature is present.
        func input(customerID: String, churnProbability: Double, featuresJSON: String) -> CustomerDecisionInput? {
            let values = FlatFeatureJSON.values(featuresJSON, schema: schema, index: keys)
            func number(_ names: [String]) -> Double? {
                for name in names {
                    if let slot = index[name], case .number(let value) = values[slot], value.isFinite { return value }
                }
                return nil
            }
            func text(_ names: [String]) -> String? {
                for name in names {
                    if let slot = index[name], case .category(let value) = values[slot] { return value }
                }
                return nil
            }
            func flag(_ names: [String]) -> Bool? {
                for name in names {
                    if let slot = index[name], case .boolean(let value) = values[slot] { return value }
                }
                return nil
            }
            guard let revenue = number(mapping.monthlyRevenue), revenue >= 0 else { return nil }
            let tenureMonths = number(mapping.tenureDays).map { $0 / 30.4375 } ?? number(mapping.tenureMonths)
            let lifetime = number(mapping.lifetimeRevenue) ?? tenureMonths.map { revenue * $0 } ?? revenue
            var loginRatio: Double?
            if let recent = number(mapping.logins30d), let quarter = number(mapping.logins90d), quarter > recent {
                loginRatio = recent / ((quarter - recent) / 2)
            }
            return CustomerDecisionInput(
                customerID: customerID, churnProbability: churnProbability, monthlyRevenue: revenue,
                lifetimeValue: max(lifetime, 0), subscriptionTier: text(mapping.subscriptionTier) ?? "unknown",
                engagementDecline: number(mapping.activityRatio).map { max(0, 1 - $0) },
                loginFrequencyRatio: loginRatio,
                daysSinceLastPurchase: number(mapping.daysSinceLastPurchase).map { Int($0.rounded()) },
                purchaseFrequency: number(mapping.purchases90d),
                accountActive: flag(mapping.accountActive) ?? true,
                accountVerified: flag(mapping.accountVerified) ?? true,
                optedOut: flag(mapping.optedOut) ?? false)
        }
    }
}
