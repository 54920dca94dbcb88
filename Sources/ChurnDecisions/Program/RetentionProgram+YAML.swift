import ChurnConfiguration
import ChurnModel
import Yams

extension RetentionProgram {
    /// The top-level keys a program file may use; anything else is reported with its line.
    static let topLevelKeys = [
        "programId", "tiers", "filterChain", "offers", "channels", "schedule", "candidateTTLDays",
        "holdoutShare", "subscriptionTiers", "economics", "routing", "segmentation",
    ]

    /// Parses and validates a program file.
    ///
    /// - Throws: `ProgramError` listing every problem with its key path and line: a YAML syntax
    ///   error, an unknown or duplicated key, a missing required key, a wrong type, an
    ///   out-of-range value, or an inconsistency (an offer for a tier the program does not have).
    public init(yaml: String) throws(ProgramError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ProgramError(issues: [ProgramIssue(yamlError: error)])
        } catch {
            throw ProgramError(issues: [ProgramIssue(keyPath: "", line: nil, column: nil, message: "\(error)")])
        }
        guard let root else {
            throw ProgramError(issues: [ProgramIssue(keyPath: "", line: 1, column: 1, message: "the program file is empty")])
        }
        var reader = YAMLNodeReader()
        let program = RetentionProgram.read(root, with: &reader)
        guard reader.issues.isEmpty, let program else {
            throw ProgramError(issues: reader.issues.map(ProgramIssue.init))
        }
        self = program
    }

    private static func read(_ root: Node, with reader: inout YAMLNodeReader) -> RetentionProgram? {
        guard let top = reader.mapping(root, at: "", allowed: topLevelKeys) else { return nil }

        var programID = ""
        if let node = top["programId"] {
            programID = reader.string(node, at: "programId") ?? ""
        } else {
            reader.report("programId", root, "required key is missing")
        }

        let tiers = top["tiers"].map { readTiers($0, with: &reader) } ?? .default
        let subscriptionTiers = top["subscriptionTiers"]
            .flatMap { reader.strings($0, at: "subscriptionTiers") } ?? defaultSubscriptionTiers

        var channels: [String] = []
        if let node = top["channels"] {
            channels = reader.strings(node, at: "channels") ?? []
            if channels.isEmpty, case .sequence = node {
                reader.report("channels", node, "list at least one channel")
            }
            if Set(channels).count != channels.count {
                reader.report("channels", node, "a channel is listed twice")
            }
        } else {
            reader.report("channels", root, "required key is missing")
        }

        var filterChain: [FilterSpec] = []
        if let node = top["filterChain"], let items = reader.sequence(node, at: "filterChain") {
            for (index, item) in items.enumerated() {
                if let filter = readFilter(item, at: "filterChain[\(index)]", subscriptionTiers: subscriptionTiers, with: &reader) {
                    filterChain.append(filter)
                }
            }
        }

        var offers: [OfferSpec] = []
        if let node = top["offers"], let items = reader.sequence(node, at: "offers") {
            if items.isEmpty { reader.report("offers", node, "list at least one offer") }
            var ids = Set<String>()
            for (index, item) in items.enumerated() {
                let path = "offers[\(index)]"
                guard let offer = readOffer(item, at: path, tiers: tiers, channels: channels, with: &reader) else { continue }
                if !ids.insert(offer.id).inserted {
                    reader.report(path, item, "offer id '\(offer.id)' is used twice; give each offer of the same offerType its own 'id'")
                }
                offers.append(offer)
            }
        } else if top["offers"] == nil {
            reader.report("offers", root, "required key is missing")
        }

        var schedule: String?
        if let node = top["schedule"], let text = reader.string(node, at: "schedule") {
            do {
                _ = try CronSchedule(text)
            } catch {
                reader.report("schedule", node, error.reason)
            }
            schedule = text
        }
        let ttl = top["candidateTTLDays"].flatMap { reader.int($0, at: "candidateTTLDays", in: 1...365) } ?? 30
        let holdout = top["holdoutShare"].flatMap { reader.double($0, at: "holdoutShare", in: 0...0.5) } ?? 0.1
        let economics = top["economics"].map { readEconomics($0, with: &reader) } ?? .default
        let routing = top["routing"].map { readRouting($0, with: &reader) } ?? .default
        let segmentation = top["segmentation"].map { readSegmentation($0, with: &reader) } ?? .default

        return RetentionProgram(
            programID: programID, tiers: tiers, filterChain: filterChain, offers: offers,
            channels: channels, schedule: schedule, candidateTTLDays: ttl, holdoutShare: holdout,
            subscriptionTiers: subscriptionTiers, economics: economics, routing: routing,
            segmentation: segmentation)
    }

    private static func readTiers(_ node: Node, with reader: inout YAMLNodeReader) -> TierThresholds {
        guard let map = reader.mapping(node, at: "tiers", allowed: ["critical", "high", "medium"]) else { return .default }
        let critical = map["critical"].flatMap { reader.double($0, at: "tiers.critical", in: 0...1) }
        let high = map["high"].flatMap { reader.double($0, at: "tiers.high", in: 0...1) } ?? TierThresholds.default.high
        let medium = map["medium"].flatMap { reader.double($0, at: "tiers.medium", in: 0...1) } ?? TierThresholds.default.medium
        if medium >= high {
            reader.report("tiers.medium", map["medium"] ?? node, "medium (\(medium)) must be below high (\(high))")
        }
        if let critical, critical <= high {
            reader.report("tiers.critical", map["critical"], "critical (\(critical)) must be above high (\(high))")
        }
        return TierThresholds(critical: critical, high: high, medium: medium)
    }

    private static func readFilter(
        _ node: Node, at path: String, subscriptionTiers: [String], with reader: inout YAMLNodeReader
    ) -> FilterSpec? {
        guard case .mapping(let mapping) = node else {
            reader.report(path, node, "expected a filter such as {type: trust}")
            return nil
        }
        guard let typeNode = mapping["type"], let type = reader.string(typeNode, at: "\(path).type") else {
            reader.report("\(path).type", node, "every filter needs a 'type': trust, churn-signal, customer-value, eligibility or frequency-cap")
            return nil
        }
        switch type {
        case "trust":
            _ = reader.mapping(node, at: path, allowed: ["type"])
            return .trust
        case "churn-signal":
            guard let map = reader.mapping(node, at: path, allowed: [
                "type", "minEngagementDecline", "maxLoginFrequencyRatio", "minDaysSinceLastPurchase", "minSignalsRequired",
            ]) else { return nil }
            var criteria = ChurnSignalCriteria()
            if let v = map["minEngagementDecline"].flatMap({ reader.double($0, at: map.path("minEngagementDecline"), in: 0...1) }) {
                criteria.minEngagementDecline = v
            }
            if let v = map["maxLoginFrequencyRatio"].flatMap({ reader.double($0, at: map.path("maxLoginFrequencyRatio"), in: 0...100) }) {
                criteria.maxLoginFrequencyRatio = v
            }
            if let v = map["minDaysSinceLastPurchase"].flatMap({ reader.int($0, at: map.path("minDaysSinceLastPurchase"), in: 0...3_650) }) {
                criteria.minDaysSinceLastPurchase = v
            }
            if let v = map["minSignalsRequired"].flatMap({ reader.int($0, at: map.path("minSignalsRequired"), in: 1...3) }) {
                criteria.minSignalsRequired = v
            }
            return .churnSignal(criteria)
        case "customer-value":
            guard let map = reader.mapping(node, at: path, allowed: ["type", "minLifetimeValue", "minSubscriptionTier"]) else { return nil }
            var criteria = CustomerValueCriteria()
            if let v = map["minLifetimeValue"].flatMap({ reader.double($0, at: map.path("minLifetimeValue"), in: 0...1e12) }) {
                criteria.minLifetimeValue = v
            }
            if let tierNode = map["minSubscriptionTier"], let tier = reader.string(tierNode, at: map.path("minSubscriptionTier")) {
                if subscriptionTiers.contains(tier) {
                    criteria.minSubscriptionTier = tier
                } else {
                    reader.report(map.path("minSubscriptionTier"), tierNode,
                                  "unknown subscription tier '\(tier)'; known: \(subscriptionTiers.joined(separator: ", ")) (set 'subscriptionTiers' to change them)")
                }
            }
            return .customerValue(criteria)
        case "eligibility":
            guard let map = reader.mapping(node, at: path, allowed: ["type", "cooldownDays"]) else { return nil }
            let days = map["cooldownDays"].flatMap { reader.int($0, at: map.path("cooldownDays"), in: 0...3_650) } ?? 90
            return .eligibility(cooldownDays: days)
        case "frequency-cap":
            guard let map = reader.mapping(node, at: path, allowed: ["type", "maxOffersPerQuarter"]) else { return nil }
            let cap = map["maxOffersPerQuarter"].flatMap { reader.int($0, at: map.path("maxOffersPerQuarter"), in: 0...100) } ?? 1
            return .frequencyCap(maxOffersPerQuarter: cap)
        default:
            reader.report("\(path).type", typeNode, "unknown filter type '\(type)'; known: trust, churn-signal, customer-value, eligibility, frequency-cap")
            return nil
        }
    }

    private static func readOffer(
        _ node: Node, at path: String, tiers: TierThresholds, channels: [String], with reader: inout YAMLNodeReader
    ) -> OfferSpec? {
        guard let map = reader.mapping(node, at: path, allowed: [
            "id", "riskLevel", "offerType", "discount", "durationMonths", "includeUpgrade", "includePersonalCall",
            "channel", "priorLift", "priorWeight",
        ]) else { return nil }
        var level: RiskLevel?
        if let levelNode = map["riskLevel"], let text = reader.string(levelNode, at: map.path("riskLevel")) {
            level = RiskLevel(rawValue: text.uppercased())
            if level == nil {
                reader.report(map.path("riskLevel"), levelNode, "unknown risk level '\(text)'; known: critical, high, medium, low")
            } else if level == .critical, tiers.critical == nil {
                reader.report(map.path("riskLevel"), levelNode, "the program has no critical tier; set tiers.critical or use high")
                level = nil
            }
        } else if map["riskLevel"] == nil {
            reader.report(map.path("riskLevel"), node, "required key is missing")
        }
        var offerType: String?
        if let typeNode = map["offerType"] {
            offerType = reader.string(typeNode, at: map.path("offerType"))
        } else {
            reader.report(map.path("offerType"), node, "required key is missing")
        }
        let discount = map["discount"].flatMap { reader.double($0, at: map.path("discount"), in: 0...100) } ?? 0
        let duration = map["durationMonths"].flatMap { reader.int($0, at: map.path("durationMonths"), in: 0...60) } ?? 1
        let upgrade = map["includeUpgrade"].flatMap { reader.bool($0, at: map.path("includeUpgrade")) } ?? false
        let call = map["includePersonalCall"].flatMap { reader.bool($0, at: map.path("includePersonalCall")) } ?? false
        var channel: String?
        if let channelNode = map["channel"], let text = reader.string(channelNode, at: map.path("channel")) {
            if channels.contains(text) {
                channel = text
            } else {
                reader.report(map.path("channel"), channelNode, "channel '\(text)' is not in the program's channels")
            }
        }
        let priorLift = map["priorLift"].flatMap { reader.double($0, at: map.path("priorLift"), in: 0...1) }
        let priorWeight = map["priorWeight"].flatMap { reader.double($0, at: map.path("priorWeight"), in: 0.01...1e6) } ?? 10
        let id = map["id"].flatMap { reader.string($0, at: map.path("id")) }
        guard let level, let offerType else { return nil }
        return OfferSpec(
            id: id, riskLevel: level, offerType: offerType, discount: discount, durationMonths: duration,
            includeUpgrade: upgrade, includePersonalCall: call, channel: channel, priorLift: priorLift,
            priorWeight: priorWeight)
    }

    private static func readEconomics(_ node: Node, with reader: inout YAMLNodeReader) -> ProgramEconomics {
        guard let map = reader.mapping(node, at: "economics", allowed: [
            "margin", "monthlyDiscountRate", "horizonMonths", "predictionHorizonMonths", "retainedMonthlyChurnRate", "personalCallCost",
            "upgradeCostPerMonth", "contactCost",
        ]) else { return .default }
        var economics = ProgramEconomics()
        if let v = map["margin"].flatMap({ reader.double($0, at: map.path("margin"), in: 0...1) }) { economics.margin = v }
        if let v = map["monthlyDiscountRate"].flatMap({ reader.double($0, at: map.path("monthlyDiscountRate"), in: 0...1) }) {
            economics.monthlyDiscountRate = v
        }
        if let v = map["horizonMonths"].flatMap({ reader.int($0, at: map.path("horizonMonths"), in: 1...600) }) { economics.horizonMonths = v }
        if let v = map["predictionHorizonMonths"].flatMap({ reader.double($0, at: map.path("predictionHorizonMonths"), in: 0.1...120) }) {
            economics.predictionHorizonMonths = v
        }
        if let v = map["retainedMonthlyChurnRate"].flatMap({ reader.double($0, at: map.path("retainedMonthlyChurnRate"), in: 0...1) }) {
            economics.retainedMonthlyChurnRate = v
        }
        if let v = map["personalCallCost"].flatMap({ reader.double($0, at: map.path("personalCallCost"), in: 0...1e9) }) {
            economics.personalCallCost = v
        }
        if let v = map["upgradeCostPerMonth"].flatMap({ reader.double($0, at: map.path("upgradeCostPerMonth"), in: 0...1e9) }) {
            economics.upgradeCostPerMonth = v
        }
        if let costNode = map["contactCost"], case .mapping(let costs) = costNode {
            var table: [String: Double] = [:]
            for (keyNode, value) in costs {
                let key = keyNode.string ?? ""
                if let cost = reader.double(value, at: map.path("contactCost.\(key)"), in: 0...1e9) { table[key] = cost }
            }
            economics.contactCost = table
        } else if let costNode = map["contactCost"] {
            reader.report(map.path("contactCost"), costNode, "expected a mapping of channel to cost, like {email: 0.05, phone: 8}")
        }
        return economics
    }

    private static func readRouting(_ node: Node, with reader: inout YAMLNodeReader) -> RoutingThresholds {
        guard let map = reader.mapping(node, at: "routing", allowed: [
            "urgentMinProbability", "urgentMinValue", "manualReviewMinValue", "monitorMinProbability", "monitorMaxProbability",
        ]) else { return .default }
        var routing = RoutingThresholds()
        if let v = map["urgentMinProbability"].flatMap({ reader.double($0, at: map.path("urgentMinProbability"), in: 0...1) }) {
            routing.urgentMinProbability = v
        }
        if let v = map["urgentMinValue"].flatMap({ reader.double($0, at: map.path("urgentMinValue"), in: 0...1e12) }) {
            routing.urgentMinValue = v
        }
        if let v = map["manualReviewMinValue"].flatMap({ reader.double($0, at: map.path("manualReviewMinValue"), in: 0...1e12) }) {
            routing.manualReviewMinValue = v
        }
        if let v = map["monitorMinProbability"].flatMap({ reader.double($0, at: map.path("monitorMinProbability"), in: 0...1) }) {
            routing.monitorMinProbability = v
        }
        if let v = map["monitorMaxProbability"].flatMap({ reader.double($0, at: map.path("monitorMaxProbability"), in: 0...1) }) {
            routing.monitorMaxProbability = v
        }
        if routing.monitorMinProbability > routing.monitorMaxProbability {
            reader.report(map.path("monitorMinProbability"), node, "must not exceed monitorMaxProbability")
        }
        return routing
    }

    private static func readSegmentation(_ node: Node, with reader: inout YAMLNodeReader) -> SegmentationSettings {
        guard let map = reader.mapping(node, at: "segmentation", allowed: [
            "k", "minK", "maxK", "seed", "sampleSize", "silhouetteSampleSize",
        ]) else { return .default }
        var settings = SegmentationSettings()
        settings.k = map["k"].flatMap { reader.int($0, at: map.path("k"), in: 1...50) }
        if let v = map["minK"].flatMap({ reader.int($0, at: map.path("minK"), in: 2...50) }) { settings.minK = v }
        if let v = map["maxK"].flatMap({ reader.int($0, at: map.path("maxK"), in: 2...50) }) { settings.maxK = v }
        if let v = map["seed"].flatMap({ reader.int($0, at: map.path("seed"), in: 0...Int.max) }) { settings.seed = UInt64(v) }
        if let v = map["sampleSize"].flatMap({ reader.int($0, at: map.path("sampleSize"), in: 100...10_000_000) }) {
            settings.sampleSize = v
        }
        if let v = map["silhouetteSampleSize"].flatMap({ reader.int($0, at: map.path("silhouetteSampleSize"), in: 50...20_000) }) {
            settings.silhouetteSampleSize = v
        }
        if settings.minK > settings.maxK {
            reader.report(map.path("minK"), map["minK"] ?? node, "minK must not exceed maxK")
        }
        return settings
    }
}

extension ProgramIssue {
    /// A YAML syntax error, located where the parser stopped.
    init(yamlError error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            self.init(keyPath: "", line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(keyPath: duplicates.joined(separator: ", "), line: context.mark.line, column: context.mark.column,
                      message: "duplicated key")
        default:
            self.init(keyPath: "", line: nil, column: nil, message: "YAML: \(error)")
        }
    }
}
