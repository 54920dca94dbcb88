import Testing
@testable import ChurnDecisions

@Suite struct CampaignReportTests {
    static func candidate(_ id: String, offer: String = "standard", holdout: Bool = false) -> CampaignCandidate {
        CampaignCandidate(customerID: id, riskLevel: .high, churnProbability: 0.7, segment: "s", offerID: offer,
                          offerType: offer, channel: "email", route: .autoExecute, lifetimeValue: 1_000, lift: 0.3,
                          cost: 50, expectedValue: 160, priority: 160, reasons: [], isHoldout: holdout)
    }

    static func outcome(_ id: String, retained: Bool, holdout: Bool = false) -> RetentionOutcome {
        RetentionOutcome(customerID: id, campaignID: "k", segment: "s", offerID: holdout ? nil : "standard",
                         churnProbability: 0.7, retained: retained)
    }

    @Test func figuresFollowFromOutcomes() throws {
        // 10 treated, 8 retained; 5 held out, 2 retained: lift 0.8 − 0.4 = 0.4.
        let treated = (0..<10).map { Self.candidate("t\($0)") }
        let held = (0..<5).map { Self.candidate("h\($0)", holdout: true) }
        let outcomes = (0..<10).map { Self.outcome("t\($0)", retained: $0 < 8) }
            + (0..<5).map { Self.outcome("h\($0)", retained: $0 < 2, holdout: true) }
            + [Self.outcome("stranger", retained: true)]
        let report = CampaignReport(candidates: treated + held, outcomes: outcomes)
        #expect(report.treated == .init(customers: 10, retained: 8))
        #expect(report.control == .init(customers: 5, retained: 2))
        #expect(report.retentionByOffer["standard"]?.rate == 0.8)
        #expect(report.retentionByTier["HIGH"]?.customers == 10)
        #expect(report.campaignCost == 500)
        let lift = try #require(report.lift)
        #expect(abs(lift.lift - 0.4) < 1e-12)
        #expect(abs(report.revenueSaved - 0.4 * 10_000) < 1e-9)
        #expect(abs(report.returnOnInvestment! - (4_000 - 500) / 500) < 1e-9)
        #expect(abs(report.costPerRetainedCustomer! - 500 / 4) < 1e-9)
    }

    @Test func noControlMeansNoLiftAndNothingSaved() {
        let report = CampaignReport(candidates: [Self.candidate("a")], outcomes: [Self.outcome("a", retained: true)])
        #expect(report.lift == nil)
        #expect(report.revenueSaved == 0)
        #expect(report.costPerRetainedCustomer == nil)
        #expect(report.returnOnInvestment == -1)
    }
}
