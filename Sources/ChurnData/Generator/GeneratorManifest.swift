import Foundation

/// `manifest.json` of a generated data directory: what was simulated and how many rows each file has.
///
/// `end` is the first day after the window (nothing happens at or after it). With drift,
/// `drift_start` is the first day of the competitor launch and `drift_effects` says what it changed,
/// so a drift detector's findings can be checked against the truth. Readers that only need the
/// window use ``DataManifest``.
public struct GeneratorManifest: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
    public var customers: Int
    public var months: Int
    public var seed: UInt64
    public var drift: Bool
    public var generatorVersion: String
    /// Data rows (header excluded) per file name.
    public var rowCounts: [String: Int]
    /// Customers with a churn event in the window.
    public var churnedCustomers: Int
    public var driftStart: String?
    public var driftEffects: DriftEffects?

    enum CodingKeys: String, CodingKey {
        case start, end, customers, months, seed, drift
        case generatorVersion = "generator_version"
        case rowCounts = "row_counts"
        case churnedCustomers = "churned_customers"
        case driftStart = "drift_start"
        case driftEffects = "drift_effects"
    }

    /// Pretty-printed JSON with sorted keys, so that equal manifests are equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    public static func read(directory: String) throws -> GeneratorManifest {
        let path = (directory as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RawTableError.missingFile(path: path)
        }
        return try JSONDecoder().decode(GeneratorManifest.self, from: data)
    }
}

/// What the competitor launch of `generate --drift` changes from `drift_start` on.
///
/// Exposed customers (a share of smb, and of mid_market on the basic and standard plans) lose
/// health at once and for good, use the product less, become more price sensitive and are poached
/// (a higher churn hazard at any health); every smb customer's churn hazard rises. Churns of exposed customers are mostly attributed to `competitor`.
public struct DriftEffects: Codable, Sendable, Equatable {
    public var event = "competitor_launch"
    /// Share of each segment's customers on the exposed plans who try the competitor.
    public var exposedShare: [String: Double] = ["smb": 0.6, "mid_market": 0.4]
    public var exposedPlans: [String: [String]] = ["smb": ["basic", "standard", "premium", "enterprise"], "mid_market": ["basic", "standard"]]
    /// Added to the long-run health of exposed customers (health is about N(0.5, 0.7) before).
    public var healthMeanShift = -0.35
    /// Added to exposed customers' health on the launch day, so the drop shows in the first month.
    public var launchHealthShock = -0.7
    /// Multiplies exposed customers' churn hazard, beyond what their lower health does.
    public var exposedChurnHazardMultiplier = 2.0
    /// Added to the log-odds of an exposed customer being active on a day.
    public var activeLogOddsShift = -0.3
    public var priceSensitivityMultiplier = 1.8
    public var smbChurnHazardMultiplier = 1.4

    enum CodingKeys: String, CodingKey {
        case event
        case exposedShare = "exposed_share"
        case exposedPlans = "exposed_plans"
        case healthMeanShift = "health_mean_shift"
        case launchHealthShock = "launch_health_shock"
        case exposedChurnHazardMultiplier = "exposed_churn_hazard_multiplier"
        case activeLogOddsShift = "active_log_odds_shift"
        case priceSensitivityMultiplier = "price_sensitivity_multiplier"
        case smbChurnHazardMultiplier = "smb_churn_hazard_multiplier"
    }

    public init() {}
}
