import Testing
@testable import ChurnTraining

@Suite struct XGBoostLinkTests {
    @Test func linksRealLibxgboost() {
        let version = linkedXGBoostVersion()
        #expect(version.split(separator: ".").count == 3)
        #expect(!version.hasPrefix("0."))
    }
}
