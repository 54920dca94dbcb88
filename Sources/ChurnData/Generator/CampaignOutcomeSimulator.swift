import ChurnModel
import Foundation

/// Plays a planned campaign out against the generator's ground truth: a customer who churns in the
/// raw data within the horizon after the campaign's date would have churned; a treated one of them
/// stays with the probability of its true lift for the offer it got (`offer_responses.csv`); the
/// holdout gets no offer. The outcomes can then be recorded like real feedback, and the lift the
/// holdout measures compared with the true lift.
public struct CampaignOutcomeSimulator: Sendable {
    /// Customer → true lift per offer type.
    public let lifts: [String: [String: Double]]
    /// Customer → day of churn in the raw data.
    public let churnDays: [String: Int]
    public var horizonDays = 90
    public var seed: UInt64 = 1

    public init(lifts: [String: [String: Double]], churnDays: [String: Int]) {
        self.lifts = lifts
        self.churnDays = churnDays
    }

    /// Reads `offer_responses.csv` and `churn_events.csv` of a generated data directory.
    public init(dataDirectory: String) throws {
        let responses = (dataDirectory as NSString).appendingPathComponent("offer_responses.csv")
        guard FileManager.default.fileExists(atPath: responses) else {
            throw CampaignSimulationError.noGroundTruth(responses)
        }
        var lifts: [String: [String: Double]] = [:]
        try Self.forEachRow(responses, columns: OfferResponseModel.header) { line, cells in
            var byOffer: [String: Double] = [:]
            for (offset, offer) in OfferResponseModel.offerTypes.enumerated() {
                guard let lift = Double(cells[2 + offset]), (0...1).contains(lift) else {
                    throw CampaignSimulationError.badRow(file: responses, line: line, reason: "\(OfferResponseModel.header[2 + offset]) '\(cells[2 + offset])' is not a probability")
                }
                byOffer[offer] = lift
            }
            lifts[cells[0]] = byOffer
        }
        var churnDays: [String: Int] = [:]
        let churnFile = (dataDirectory as NSString).appendingPathComponent("churn_events.csv")
        try Self.forEachRow(churnFile, columns: ["customer_id", "churned_at"]) { line, cells in
            guard let day = CalendarDay(String(cells[1].prefix(10))) else {
                throw CampaignSimulationError.badRow(file: churnFile, line: line, reason: "churned_at '\(cells[1])' is not a time")
            }
            churnDays[cells[0]] = day.daysSinceEpoch
        }
        self.init(lifts: lifts, churnDays: churnDays)
    }

    /// One planned candidate as the simulator needs it.
    public struct Candidate: Sendable {
        public var customerID: String
        public var offerType: String
        public var isHoldout: Bool

        public init(customerID: String, offerType: String, isHoldout: Bool) {
            self.customerID = customerID
            self.offerType = offerType
            self.isHoldout = isHoldout
        }
    }

    /// What happened to one candidate, as feedback would record it.
    public struct Outcome: Sendable, Equatable {
        public var outcomeID: String
        public var customerID: String
        public var retained: Bool
        public var observedAt: Date
    }

    public struct Result: Sendable {
        public var outcomes: [Outcome]
        /// Treated customers (offer made) and how many of them would have churned without it.
        public var treated: Int
        public var treatedWouldChurn: Int
        /// The expected share of treated customers the offers save: the lift the holdout should measure.
        public var trueLift: Double
        public var holdout: Int
        /// Candidates without ground truth (not in `offer_responses.csv`), left without an outcome.
        public var unknown: Int
    }

    /// Plays out the campaign `campaignID` planned on `day`.
    public func outcomes(campaignID: String, day: CalendarDay, candidates: [Candidate]) -> Result {
        let start = day.daysSinceEpoch
        let observedAt = CalendarDay(daysSinceEpoch: start + horizonDays).midnightUTC
        var outcomes: [Outcome] = []
        var treated = 0, wouldChurnTreated = 0, holdout = 0, unknown = 0
        var liftSum = 0.0
        for candidate in candidates {
            guard let customerLifts = lifts[candidate.customerID] else {
                unknown += 1
                continue
            }
            let churnDay = churnDays[candidate.customerID]
            let wouldChurn = churnDay.map { $0 > start && $0 <= start + horizonDays } ?? false
            var retained = !wouldChurn
            if candidate.isHoldout {
                holdout += 1
            } else {
                treated += 1
                let lift = customerLifts[candidate.offerType] ?? 0
                if wouldChurn {
                    wouldChurnTreated += 1
                    liftSum += lift
                    retained = uniform(campaignID, candidate.customerID) < lift
                }
            }
            outcomes.append(Outcome(
                outcomeID: "sim-\(campaignID)-\(candidate.customerID)", customerID: candidate.customerID,
                retained: retained, observedAt: observedAt))
        }
        return Result(outcomes: outcomes, treated: treated, treatedWouldChurn: wouldChurnTreated,
                      trueLift: treated > 0 ? liftSum / Double(treated) : 0, holdout: holdout, unknown: unknown)
    }

    /// A stable uniform draw per customer and campaign (SplitMix64 over an FNV-1a hash).
    func uniform(_ campaignID: String, _ customerID: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in campaignID.utf8 + [0x1F] + customerID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        var generator = SplitMix64(seed: hash)
        return generator.nextUnit()
    }

    private static func forEachRow(_ path: String, columns: [String], _ body: (Int, [String]) throws -> Void) throws {
        var positions: [Int]?
        try CSVReader(path: path).forEachRecord { record in
            let cells = record.strings()
            guard let order = positions else {
                var found: [Int] = []
                for column in columns {
                    guard let index = cells.firstIndex(of: column) else {
                        throw CampaignSimulationError.badRow(file: path, line: record.line, reason: "the header lacks \(column)")
                    }
                    found.append(index)
                }
                positions = found
                return
            }
            guard order.allSatisfy({ $0 < cells.count }) else {
                throw CampaignSimulationError.badRow(file: path, line: record.line, reason: "too few cells")
            }
            try body(record.line, order.map { cells[$0] })
        }
    }
}

public enum CampaignSimulationError: Error, Equatable, CustomStringConvertible {
    case noGroundTruth(String)
    case badRow(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .noGroundTruth(let path):
            "\(path) does not exist: outcomes can be simulated only for data made by `churnguard generate` (it writes the offer-response ground truth)"
        case .badRow(let file, let line, let reason):
            "\(file), line \(line): \(reason)"
        }
    }
}
