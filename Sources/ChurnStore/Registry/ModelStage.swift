/// Where a model version is in its lifecycle. A trained version starts as a candidate; the gates reject
/// it or let it go on to shadow (scores alongside production, never served), canary (serves a stable
/// share of customers) and production. A version that stops serving is archived, from where it can be
/// restored by a rollback.
public enum ModelStage: String, Sendable, CaseIterable, Codable {
    case candidate
    case rejected
    case shadow
    case canary
    case production
    case archived

    /// Parses a stored or user-supplied stage, naming the accepted ones when it is not one of them.
    public init(parsing value: String) throws {
        guard let stage = ModelStage(rawValue: value.lowercased()) else { throw StoreError.unknownStage(value) }
        self = stage
    }

    /// The stages at most one version may hold at a time.
    public var isLive: Bool { self == .production || self == .shadow || self == .canary }

    /// The moves the registry allows out of this stage.
    public var allowedNextStages: Set<ModelStage> {
        switch self {
        case .candidate: [.rejected, .shadow, .canary, .production, .archived]
        case .rejected: [.archived]
        case .shadow: [.canary, .production, .archived, .rejected]
        // canary → canary changes the share.
        case .canary: [.canary, .production, .shadow, .archived, .rejected]
        case .production: [.archived]
        case .archived: [.shadow, .canary, .production]
        }
    }
}
