import ChurnModel

/// One row of a feature table: a customer at a snapshot date, its label and its feature values.
public struct FeatureRow: Sendable, Equatable {
    public var customerID: String
    /// The snapshot date; nil for flat (time-less) data such as an imported CSV.
    public var asOf: CalendarDay?
    /// Churned within the horizon (true), stayed (false), or unknown yet (nil).
    public var label: Bool?
    /// One value per schema feature, in schema order.
    public var values: [FeatureValue]

    public init(customerID: String, asOf: CalendarDay?, label: Bool?, values: [FeatureValue]) {
        self.customerID = customerID
        self.asOf = asOf
        self.label = label
        self.values = values
    }
}
