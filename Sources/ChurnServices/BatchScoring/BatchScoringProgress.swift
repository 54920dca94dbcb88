/// Where a batch run stands, reported after every committed page.
public struct BatchScoringProgress: Sendable, Equatable {
    /// Customers scored by this invocation so far.
    public var customers: Int
    /// Customers in the online store (every date), for a rough share done.
    public var storedCustomers: Int
    /// The last customer whose predictions are committed; a restart continues after it.
    public var lastCustomerID: String
    public var seconds: Double
}
