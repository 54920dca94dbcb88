import ChurnModel
import Testing
@testable import ChurnDecisions

@Suite struct RetentionProgramYAMLTests {
    static let issueExample = """
        programId: churn-prevention
        tiers: {critical: 0.80, high: 0.60, medium: 0.40}
        filterChain:
          - {type: trust}                      # account active, verified
          - {type: churn-signal, minEngagementDecline: 0.3, maxLoginFrequencyRatio: 0.5, minDaysSinceLastPurchase: 60, minSignalsRequired: 2}
          - {type: customer-value, minLifetimeValue: 500, minSubscriptionTier: premium}
          - {type: eligibility}                # no retention offer in 90 days, not opted out
          - {type: frequency-cap, maxOffersPerQuarter: 1}
        offers:
          - {riskLevel: critical, offerType: premium, discount: 50, durationMonths: 6, includeUpgrade: true, includePersonalCall: true}
          - {riskLevel: high, offerType: standard, discount: 30, durationMonths: 3}
          - {riskLevel: medium, offerType: engagement, discount: 15, durationMonths: 1}
        channels: [email, phone, in-app]
        schedule: "0 2 * * MON"
        candidateTTLDays: 30
        holdoutShare: 0.1
        """

    @Test func parsesTheIssueExample() throws {
        let program = try RetentionProgram(yaml: Self.issueExample)
        #expect(program.programID == "churn-prevention")
        #expect(program.tiers == TierThresholds(critical: 0.80, high: 0.60, medium: 0.40))
        #expect(program.filterChain == [
            .trust,
            .churnSignal(ChurnSignalCriteria(minEngagementDecline: 0.3, maxLoginFrequencyRatio: 0.5,
                                             minDaysSinceLastPurchase: 60, minSignalsRequired: 2)),
            .customerValue(CustomerValueCriteria(minLifetimeValue: 500, minSubscriptionTier: "premium")),
            .eligibility(cooldownDays: 90),
            .frequencyCap(maxOffersPerQuarter: 1),
        ])
        #expect(program.offers.map(\.id) == ["premium", "standard", "engagement"])
        #expect(program.offers[0] == OfferSpec(riskLevel: .critical, offerType: "premium", discount: 50, durationMonths: 6,
                                               includeUpgrade: true, includePersonalCall: true))
        #expect(program.offers[2].riskLevel == .medium && program.offers[2].discount == 15)
        #expect(program.channels == ["email", "phone", "in-app"])
        #expect(program.schedule == "0 2 * * MON")
        #expect(program.candidateTTLDays == 30)
        #expect(program.holdoutShare == 0.1)
        #expect(program.economics == .default && program.routing == .default)
    }

    @Test func unknownKeyNamesKeyAndLine() {
        let yaml = Self.issueExample.replacingOccurrences(of: "holdoutShare: 0.1", with: "holdoutShare: 0.1\nholdOutShare: 0.2")
        let error = #expect(throws: ProgramError.self) { try RetentionProgram(yaml: yaml) }
        let issue = error?.issues.first
        #expect(error?.issues.count == 1)
        #expect(issue?.keyPath == "holdOutShare")
        #expect(issue?.line == 17)
        #expect(issue?.message.contains("did you mean 'holdoutShare'") == true)
    }

    @Test func unknownKeyInsideAFilterNamesItsPathAndLine() {
        let yaml = Self.issueExample.replacingOccurrences(of: "minSignalsRequired: 2", with: "minSignals: 2")
        let error = #expect(throws: ProgramError.self) { try RetentionProgram(yaml: yaml) }
        #expect(error?.issues.map(\.keyPath) == ["filterChain[1].minSignals"])
        #expect(error?.issues.first?.line == 5)
        #expect(error?.description.contains("line 5") == true)
    }

    @Test func reportsEveryProblemWithItsLine() {
        let yaml = """
            programId: p
            tiers: {high: 0.3, medium: 0.5}
            filterChain:
              - {type: churn-signal, minSignalsRequired: 7}
              - {type: magic}
            offers:
              - {riskLevel: critical, offerType: premium, discount: 150}
            channels: [email]
            holdoutShare: lots
            """
        let error = #expect(throws: ProgramError.self) { try RetentionProgram(yaml: yaml) }
        let byPath = Dictionary((error?.issues ?? []).map { ($0.keyPath, $0.line) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["tiers.medium"] == 2)
        #expect(byPath["filterChain[0].minSignalsRequired"] == 4)
        #expect(byPath["filterChain[1].type"] == 5)
        #expect(byPath["offers[0].riskLevel"] == 7)
        #expect(byPath["offers[0].discount"] == 7)
        #expect(byPath["holdoutShare"] == 9)
    }

    @Test func missingRequiredKeysAndSyntaxErrors() {
        let missing = #expect(throws: ProgramError.self) { try RetentionProgram(yaml: "tiers: {high: 0.7, medium: 0.4}\n") }
        #expect(Set(missing?.issues.map(\.keyPath) ?? []) == ["programId", "channels", "offers"])

        let syntax = #expect(throws: ProgramError.self) { try RetentionProgram(yaml: "programId: a\noffers: [\n  {riskLevel: high\n") }
        #expect(syntax?.issues.first?.line != nil)
        #expect(syntax?.issues.first?.message.hasPrefix("YAML syntax") == true)

        let empty = #expect(throws: ProgramError.self) { try RetentionProgram(yaml: "") }
        #expect(empty?.issues.first?.message == "the program file is empty")
    }

    @Test func optionalSectionsOverrideDefaults() throws {
        let yaml = """
            programId: tuned
            offers:
              - {id: call, riskLevel: high, offerType: premium, discount: 0, durationMonths: 0, includePersonalCall: true, priorLift: 0.4, priorWeight: 5, channel: phone}
              - {riskLevel: medium, offerType: engagement}
            channels: [email, phone]
            economics: {margin: 0.5, contactCost: {email: 0.2}}
            routing: {urgentMinValue: 1000, monitorMinProbability: 0.3}
            segmentation: {k: 4, seed: 9}
            subscriptionTiers: [lite, pro]
            """
        let program = try RetentionProgram(yaml: yaml)
        #expect(program.offers[0].id == "call" && program.offers[0].priorLift == 0.4 && program.offers[0].channel == "phone")
        #expect(program.offers[1].priorLift == OfferSpec.defaultPriorLift(offerType: "engagement"))
        #expect(program.economics.margin == 0.5 && program.economics.contactCost == ["email": 0.2])
        #expect(program.routing.urgentMinValue == 1000 && program.routing.monitorMinProbability == 0.3)
        #expect(program.routing.manualReviewMinValue == 5000)
        #expect(program.segmentation.k == 4 && program.segmentation.seed == 9)
        #expect(program.subscriptionTiers == ["lite", "pro"])
        #expect(program.tiers == .default)
    }

    @Test func defaultProgramUsesTheContractTiers() {
        let program = RetentionProgram.default
        #expect(program.tiers.high == 0.70 && program.tiers.medium == 0.40 && program.tiers.critical == nil)
        #expect(program.offers.allSatisfy { $0.riskLevel != .critical })
        #expect(program.offers(for: .high).count == 3)
        #expect(program.offers(for: .medium).map(\.offerType) == ["engagement"])
        #expect(program.offers(for: .low).isEmpty)
    }
}
