/// How the engine picks among a customer's positive-value offers.
public enum OfferSelection: Sendable, Equatable {
    /// Highest expected value with each offer's lift drawn from its posterior (Thompson
    /// sampling): explores offers the learner is unsure about. Draws are seeded by
    /// `seed`, campaign and customer, so a re-plan gives the same choices.
    case thompson(seed: UInt64)
    /// Highest expected value at the posterior mean lift: pure exploitation.
    case posteriorMean
}
