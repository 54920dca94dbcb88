import Foundation

/// The generator's ground truth of how each simulated customer responds to a retention offer: the
/// probability that a customer who would otherwise churn stays because of the offer (the true
/// lift), per offer type. It is written to `offer_responses.csv` beside the raw tables so that a
/// campaign planned from the model's scores can be played out (`churnguard campaign
/// simulate-outcomes`) and its measured lift compared with the truth; it is never a feature.
///
/// Each offer suits a different kind of customer, through the same hidden traits that drive churn:
/// discounts (`standard`) work on price-sensitive customers, help with the product (`engagement`)
/// on customers whose product fit is poor, and the premium package (deep discount, upgrade and a
/// personal call) on larger accounts.
public enum OfferResponseModel {
    /// The offer types with a true lift, in the column order of `offer_responses.csv`.
    public static let offerTypes = ["premium", "standard", "engagement"]
    static let archetypes: [StaticString] = ["strategic", "price-sensitive", "poor-fit"]
    public static let header = ["customer_id", "archetype", "lift_premium", "lift_standard", "lift_engagement"]

    /// True lifts in ``offerTypes`` order, each in [0, 1].
    static func lifts(segment: Int, priceSensitivity: Double, fit: Double) -> [Double] {
        let price = min(1, max(0, (priceSensitivity - 0.4) / 1.6))
        let premium = 0.08 + 0.11 * Double(segment) + 0.08 * price
        let standard = 0.04 + 0.30 * price
        let engagement = 0.03 + 0.25 / (1 + exp(1.5 * fit))
        return [premium, standard, engagement].map { min(0.95, max(0, ($0 * 100).rounded() / 100)) }
    }

    /// The archetype: which offer works best for the customer.
    static func archetype(_ lifts: [Double]) -> Int {
        lifts.indices.max { lifts[$0] < lifts[$1] } ?? 0
    }
}
