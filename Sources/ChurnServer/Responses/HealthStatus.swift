/// `GET /health` and `GET /ready`.
struct HealthStatus: Encodable, Sendable {
    var status: String
    var modelVersion: String?
    var database: String?

    enum CodingKeys: String, CodingKey {
        case status, database, modelVersion = "model_version"
    }
}
