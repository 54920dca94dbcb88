import ChurnData
import ChurnDecisions
import ChurnServices
import ChurnStore
import Foundation
import Testing

/// Playing a campaign out against ground truth: churners in the holdout churn, non-churners stay,
/// treated churners are saved at their true lift, and the holdout's measured lift finds it.
@Suite struct CampaignOutcomeSimulatorTests {
    static let day = CalendarDay("2025-10-01")!
    static let start = CalendarDayOffsets.day("2025-10-01")

    static func candidate(_ i: Int, holdout: Bool, offerType: String = "standard") -> CampaignOutcomeSimulator.Candidate {
        CampaignOutcomeSimulator.Candidate(customerID: "c\(i)", offerType: offerType, isHoldout: holdout)
    }

    static func record(_ i: Int, holdout: Bool, offerType: String = "standard") -> CandidateRecord {
        CandidateRecord(
            campaignID: "sim-1", customerID: "c\(i)", programID: "p", asOf: "2025-10-01", riskLevel: "HIGH", churnProbability: 0.6,
            segment: "s", offerID: offerType, offerType: offerType, channel: "email", route: "auto-execute", lifetimeValue: 1_000,
            lift: 0.2, cost: 10, expectedValue: 100, priority: 100, reasonsJSON: "[]", isHoldout: holdout, expiresAt: Date())
    }

    @Test func groundTruthDecidesEachOutcome() {
        let lifts = ["c0": ["standard": 1.0], "c1": ["standard": 0.0], "c2": ["standard": 0.5], "c3": ["standard": 1.0], "c4": ["standard": 1.0]]
        // c0, c1 and c3 churn within the horizon; c4 churns after it; c2 never.
        let churn = ["c0": Self.start + 10, "c1": Self.start + 30, "c3": Self.start + 5, "c4": Self.start + 120]
        let simulator = CampaignOutcomeSimulator(lifts: lifts, churnDays: churn)
        let result = simulator.outcomes(
            campaignID: "sim-1", day: Self.day,
            candidates: [Self.candidate(0, holdout: false), Self.candidate(1, holdout: false), Self.candidate(2, holdout: false),
                         Self.candidate(3, holdout: true), Self.candidate(4, holdout: true), Self.candidate(9, holdout: false)])
        let retained = Dictionary(uniqueKeysWithValues: result.outcomes.map { ($0.customerID, $0.retained) })
        #expect(retained == ["c0": true, "c1": false, "c2": true, "c3": false, "c4": true])
        #expect(result.treated == 3 && result.treatedWouldChurn == 2 && result.holdout == 2 && result.unknown == 1)
        #expect(abs(result.trueLift - 1.0 / 3) < 1e-12)
        // The same campaign simulated again gives the same outcomes.
        let again = simulator.outcomes(campaignID: "sim-1", day: Self.day, candidates: (0..<5).map { Self.candidate($0, holdout: $0 >= 3) })
        #expect(again.outcomes.map { "\($0.outcomeID) \($0.retained)" } == result.outcomes.map { "\($0.outcomeID) \($0.retained)" })
    }

    @Test func theHoldoutMeasuresTheTrueLift() throws {
        var lifts: [String: [String: Double]] = [:]
        var churn: [String: Int] = [:]
        var candidates: [CandidateRecord] = []
        var planned: [CampaignOutcomeSimulator.Candidate] = []
        // Seeded: the same population on every run, so a statistical check cannot fail by chance.
        var generator = SeededGenerator(seed: 1)
        for i in 0..<20_000 {
            lifts["c\(i)"] = ["standard": Double.random(in: 0.1...0.5, using: &generator), "engagement": 0.05]
            if Double.random(in: 0..<1, using: &generator) < 0.45 { churn["c\(i)"] = Self.start + Int.random(in: 1...90, using: &generator) }
            candidates.append(Self.record(i, holdout: i % 4 == 0, offerType: i % 3 == 0 ? "engagement" : "standard"))
            planned.append(Self.candidate(i, holdout: i % 4 == 0, offerType: i % 3 == 0 ? "engagement" : "standard"))
        }
        let result = CampaignOutcomeSimulator(lifts: lifts, churnDays: churn).outcomes(campaignID: "sim-1", day: Self.day, candidates: planned)
        let byCustomer = Dictionary(uniqueKeysWithValues: candidates.map { ($0.customerID, $0) })
        let report = CampaignAnalytics.report(result.outcomes.map { outcome in
            CandidateOutcome(
                candidate: byCustomer[outcome.customerID]!,
                outcome: OutcomeRecord(
                    outcomeID: outcome.outcomeID, campaignID: "sim-1", customerID: outcome.customerID, retained: outcome.retained,
                    observedAt: outcome.observedAt, recordedBy: "test"))
        })
        let lift = try #require(report.lift)
        #expect(lift.contains(result.trueLift), "true \(result.trueLift), measured \(lift.lift) [\(lift.lower), \(lift.upper)]")
        #expect(abs(lift.lift - result.trueLift) < 0.03)
    }

    @Test func dataWithoutGroundTruthIsRefusedClearly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("no-truth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(throws: CampaignSimulationError.noGroundTruth(directory + "/offer_responses.csv")) {
            try CampaignOutcomeSimulator(dataDirectory: directory)
        }
    }
}

enum CalendarDayOffsets {
    static func day(_ text: String) -> Int {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return Int(formatter.date(from: text)!.timeIntervalSince1970 / 86_400)
    }
}

@Suite struct OutcomeTimestampTests {
    @Test func datesAndRFC3339TimesParse() {
        let day = OutcomeCSV.timestamp("2025-12-30")
        #expect(day == Date(timeIntervalSince1970: 1_767_052_800))
        #expect(OutcomeCSV.timestamp("2025-12-30T10:00:00Z") == day!.addingTimeInterval(36_000))
        #expect(OutcomeCSV.timestamp("2025-12-30t10:00:00.123456789z")!.timeIntervalSince(day!) - 36_000.123456789 < 1e-6)
        #expect(OutcomeCSV.timestamp("2025-12-30T10:00:00+02:00") == day!.addingTimeInterval(28_800))
        #expect(OutcomeCSV.timestamp("2025-12-30 23:59:60-00:30") == day!.addingTimeInterval(86_399 + 1_800))
        for bad in ["", "soon", "2025-13-01", "2025-12-30T25:00:00Z", "2025-12-30T10:00:00", "2025-12-30T10:00Z"] {
            #expect(OutcomeCSV.timestamp(bad) == nil, "\(bad)")
        }
    }
}
