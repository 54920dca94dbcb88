extension RetentionProgram {
    /// The program that ships with the product, used when no program file is given.
    ///
    /// Tiers are the prediction contract's defaults (HIGH ≥ 0.70, MEDIUM ≥ 0.40, no CRITICAL).
    /// The chain drops untrusted, ineligible and recently contacted accounts and asks for one
    /// behavioural signal beside the score; it has no value floor because expected value
    /// already refuses offers that cost more than they can save.
    public static let `default` = RetentionProgram(
        programID: "default",
        tiers: .default,
        filterChain: [
            .trust,
            .churnSignal(ChurnSignalCriteria(
                minEngagementDecline: 0.3, maxLoginFrequencyRatio: 0.5,
                minDaysSinceLastPurchase: 60, minSignalsRequired: 1)),
            .eligibility(cooldownDays: 90),
            .frequencyCap(maxOffersPerQuarter: 1),
        ],
        offers: [
            OfferSpec(
                riskLevel: .high, offerType: "premium", discount: 50, durationMonths: 6,
                includeUpgrade: true, includePersonalCall: true),
            OfferSpec(riskLevel: .high, offerType: "standard", discount: 30, durationMonths: 3),
            OfferSpec(riskLevel: .medium, offerType: "engagement", discount: 15, durationMonths: 1),
        ],
        channels: ["email", "phone", "in-app"],
        schedule: "0 2 * * MON",
        candidateTTLDays: 30,
        holdoutShare: 0.1
    )
}
