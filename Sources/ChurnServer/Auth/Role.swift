/// What a caller may do. Each role is granted exactly the routes it needs (least privilege);
/// `admin` is the only role allowed on `/admin`.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Scores customers: `POST /api/v1/predict`, batch prediction jobs.
    case scorer
    /// Reads risk, models, analytics.
    case analyst
    /// Runs campaigns and records outcomes, and reads like an analyst.
    case `operator`
    /// Everything, including model promotion and rollback.
    case admin
}
