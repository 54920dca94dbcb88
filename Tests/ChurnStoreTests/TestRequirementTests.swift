import ChurnTestSupport
import Testing

/// Which environments turn a missing PostgreSQL or promtool from a skip into a failure.
@Suite struct TestRequirementTests {
    @Test func ciOrTheExplicitVariableRequireEveryTest() {
        #expect(TestRequirement.mustRunEveryTest(["CI": "true"]))
        #expect(TestRequirement.mustRunEveryTest(["CI": "TRUE"]))
        #expect(TestRequirement.mustRunEveryTest(["CHURNGUARD_REQUIRE_ALL_TESTS": "1"]))
        #expect(TestRequirement.mustRunEveryTest(["CI": "false", "CHURNGUARD_REQUIRE_ALL_TESTS": "1"]))
    }

    @Test func otherwiseSkippingIsAllowed() {
        #expect(!TestRequirement.mustRunEveryTest([:]))
        #expect(!TestRequirement.mustRunEveryTest(["CI": "false"]))
        #expect(!TestRequirement.mustRunEveryTest(["CI": "", "CHURNGUARD_REQUIRE_ALL_TESTS": "0"]))
    }

    @Test func aMetRequirementPasses() throws {
        try TestRequirement(name: "nothing", unavailableReason: nil).check()
    }
}
