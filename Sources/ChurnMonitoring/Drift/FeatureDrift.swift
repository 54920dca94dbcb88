/// One row of the drift table: how a column's current values compare with the model's reference.
///
/// `value` is what `method` measures (a p-value or a distance) and `threshold` the line it is held
/// against; PSI over the reference bins and the missing share are reported beside it as their own
/// signals.
public struct FeatureDrift: Sendable, Codable, Equatable {
    public var feature: String
    /// `numeric`, `categorical`, `boolean` or `score`.
    public var kind: String
    public var method: DriftMethod
    public var value: Double
    public var threshold: Double
    public var drifted: Bool
    /// The test statistic behind a p-value (KS D, chi-square), nil for distances.
    public var statistic: Double?
    public var psi: Double?
    public var psiStatus: DriftStatus?
    public var referenceMissingShare: Double
    public var currentMissingShare: Double
    public var missingIncreased: Bool
    public var referenceRows: Int
    public var currentRows: Int
    public var status: DriftStatus
    /// Why the measurement is weaker than usual (a bundle without samples, no current values).
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case feature, kind, method, value, threshold, drifted, statistic, psi, status, note
        case psiStatus = "psi_status"
        case referenceMissingShare = "reference_missing_share"
        case currentMissingShare = "current_missing_share"
        case missingIncreased = "missing_increased"
        case referenceRows = "reference_rows"
        case currentRows = "current_rows"
    }
}
