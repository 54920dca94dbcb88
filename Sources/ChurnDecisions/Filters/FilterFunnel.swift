/// How many customers each stage of a campaign removed, in order: the funnel a retention team
/// reads to see why a campaign is as small (or large) as it is.
public struct FilterFunnel: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Customers that entered the first stage.
    public var entered: Int
    public var stages: [FunnelStage]

    public init(entered: Int, stages: [FunnelStage] = []) {
        self.entered = entered
        self.stages = stages
    }

    /// Customers left after the last stage.
    public var remaining: Int { stages.last?.remaining ?? entered }

    public func removed(by stage: String) -> Int? {
        stages.first { $0.name == stage }?.removed
    }

    public var description: String {
        var lines = ["scored customers: \(entered)"]
        for stage in stages {
            lines.append("  \(stage.name): removed \(stage.removed), \(stage.remaining) left")
        }
        return lines.joined(separator: "\n")
    }
}

/// One stage of the funnel.
public struct FunnelStage: Sendable, Equatable, Codable {
    public var name: String
    public var removed: Int
    public var remaining: Int

    public init(name: String, removed: Int, remaining: Int) {
        self.name = name
        self.removed = removed
        self.remaining = remaining
    }
}
