import Foundation

/// A registered model version: its stage, the canary share when it is the canary, its evaluation
/// metrics (JSON object), where its bundle lives and why it is where it is.
public struct ModelVersionRecord: Sendable, Equatable {
    public var version: String
    public var stage: ModelStage
    /// The share (0…1) of customers the canary serves; 0 unless `stage == .canary`.
    public var canaryShare: Double
    public var metricsJSON: String
    public var bundlePath: String
    public var createdAt: Date
    /// Why the version is in its stage (e.g. the failed gate of a rejected candidate).
    public var reason: String?

    public init(version: String, stage: ModelStage, canaryShare: Double = 0, metricsJSON: String, bundlePath: String, createdAt: Date = Date(), reason: String? = nil) {
        self.version = version
        self.stage = stage
        self.canaryShare = canaryShare
        self.metricsJSON = metricsJSON
        self.bundlePath = bundlePath
        self.createdAt = createdAt
        self.reason = reason
    }
}

/// One recorded stage change: who moved which version from where to where, when and why. `fromStage` is
/// nil for the registration.
public struct StageChange: Sendable, Equatable {
    public var id: Int
    public var version: String
    public var fromStage: ModelStage?
    public var toStage: ModelStage
    public var actor: String
    public var reason: String?
    public var at: Date
}
