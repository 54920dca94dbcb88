import Foundation
import Testing
@testable import ChurnData

@Suite struct GeneratorDriftTests {
    @Test func theCompetitorLaunchLowersSmbEngagementAndRaisesSmbChurnAfterItsStart() throws {
        let plain = try GeneratorFixtures.generate(customers: 3000, months: 12, seed: 4)
        let drifted = try GeneratorFixtures.generate(customers: 3000, months: 12, seed: 4, drift: true)
        let driftStart = try #require(drifted.manifest.driftStart)
        #expect(driftStart == "2025-09-01")
        #expect(drifted.manifest.driftEffects == DriftEffects())
        #expect(plain.manifest.driftStart == nil && plain.manifest.driftEffects == nil)
        let written = try GeneratorManifest.read(directory: drifted.directory)
        #expect(written == drifted.manifest)

        // The same customers either way.
        let customers = try GeneratorFixtures.rows(plain.directory, "customers.csv").rows
        #expect(customers.map { $0.prefix(6) } == (try GeneratorFixtures.rows(drifted.directory, "customers.csv").rows.map { $0.prefix(6) }))
        let smb = Set(customers.filter { $0[3] == "smb" }.map { $0[0] })

        func smbActiveDays(_ directory: String, after: Bool) throws -> Int {
            try GeneratorFixtures.rows(directory, "engagement_daily.csv").rows
                .filter { smb.contains($0[0]) && ($0[1] >= driftStart) == after }.count
        }
        // Nothing changes before the launch...
        #expect(try smbActiveDays(plain.directory, after: false) == (try smbActiveDays(drifted.directory, after: false)))
        // ...and smb customers use the product clearly less after it.
        let before = Double(try smbActiveDays(plain.directory, after: true))
        let after = Double(try smbActiveDays(drifted.directory, after: true))
        #expect(after < 0.9 * before, "smb active days after the launch: \(after) with drift, \(before) without")

        func smbChurns(_ directory: String) throws -> [String] {
            try GeneratorFixtures.rows(directory, "churn_events.csv").rows
                .filter { smb.contains($0[0]) && $0[1] >= driftStart }.map { $0[2] }
        }
        let plainChurns = try smbChurns(plain.directory)
        let driftChurns = try smbChurns(drifted.directory)
        #expect(Double(driftChurns.count) > 1.2 * Double(plainChurns.count), "smb churns after launch: \(driftChurns.count) vs \(plainChurns.count)")
        #expect(driftChurns.filter { $0 == "competitor" }.count > 2 * plainChurns.filter { $0 == "competitor" }.count)
    }
}
