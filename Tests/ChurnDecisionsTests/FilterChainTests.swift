import Testing
@testable import ChurnDecisions

@Suite struct FilterChainTests {
    let program = try! RetentionProgram(yaml: RetentionProgramYAMLTests.issueExample)

    @Test func eachFilterRemovesWhatItShouldAndTheFunnelCountsIt() {
        let customers = [
            TestCustomers.customer("ok", p: 0.75),
            TestCustomers.customer("low-risk", p: 0.2),
            TestCustomers.customer("inactive", active: false),
            TestCustomers.customer("unverified", verified: false),
            TestCustomers.customer("one-signal", decline: 0.1, loginRatio: 0.9, daysSincePurchase: 90),
            TestCustomers.customer("unknown-signals", decline: nil, loginRatio: nil, daysSincePurchase: 90),
            TestCustomers.customer("cheap", lifetimeValue: 100),
            TestCustomers.customer("basic-tier", tier: "basic"),
            TestCustomers.customer("unknown-tier", tier: "platinum-ish"),
            TestCustomers.customer("opted-out", optedOut: true),
            TestCustomers.customer("recent-offer", lastOfferDaysAgo: 30),
            TestCustomers.customer("old-offer", lastOfferDaysAgo: 120),
            TestCustomers.customer("capped", offersThisQuarter: 1),
        ]
        let (passed, funnel) = FilterChain(program: program).apply(to: customers, asOf: TestCustomers.asOf)
        #expect(passed.map { customers[$0].customerID } == ["ok", "old-offer"])
        #expect(funnel.entered == 13)
        #expect(funnel.stages.map(\.name) == ["risk-tier", "trust", "churn-signal", "customer-value", "eligibility", "frequency-cap"])
        #expect(funnel.stages.map(\.removed) == [1, 2, 2, 3, 2, 1])
        #expect(funnel.remaining == 2)
        #expect(funnel.removed(by: "customer-value") == 3)
        #expect(funnel.description.contains("trust: removed 2, 10 left"))
    }

    @Test func signalCountingTreatsUnknownAsAbsent() {
        let criteria = ChurnSignalCriteria()
        #expect(criteria.signalCount(TestCustomers.customer("a")) == 3)
        #expect(criteria.signalCount(TestCustomers.customer("b", decline: nil, loginRatio: nil, daysSincePurchase: nil)) == 0)
        #expect(criteria.signalReasons(TestCustomers.customer("c", decline: 0.5, loginRatio: 2, daysSincePurchase: 10))
                    == ["engagement down 50%"])
    }
}
