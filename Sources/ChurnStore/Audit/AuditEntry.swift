import Foundation

/// One audit-log line: who (`actor`) did what (`action`, e.g. `model.stage`) to what (`target`, e.g.
/// `model:v3`), when, with details as a JSON object. `id` is assigned on append and orders the log.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int?
    public var actor: String
    public var action: String
    public var target: String
    public var at: Date
    public var detailsJSON: String

    public init(id: Int? = nil, actor: String, action: String, target: String, at: Date = Date(), detailsJSON: String = "{}") {
        self.id = id
        self.actor = actor
        self.action = action
        self.target = target
        self.at = at
        self.detailsJSON = detailsJSON
    }
}
