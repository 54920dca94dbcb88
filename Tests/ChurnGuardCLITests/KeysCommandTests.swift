import ChurnStore
import Foundation
import Testing

/// `churnguard keys`: a key file made owner-only, a store that refuses a missing or wrong key at
/// start-up, and a rotation that seals what was written before and retires the old key.
@Suite struct KeysCommandTests {
    static func environment(_ variables: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in [DataKeySource.keyVariable, DataKeySource.keyFileVariable, DataKeySource.previousKeyVariable,
                     DataKeySource.previousKeyFileVariable, "CHURNGUARD_DATABASE_URL"] {
            environment[name] = nil
        }
        return environment.merging(variables) { _, new in new }
    }

    @Test func generateStatusRotate() async throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = directory.appendingPathComponent("home").path
        let first = directory.appendingPathComponent("first.key").path
        let second = directory.appendingPathComponent("second.key").path

        let made = try await BatchScoringTests.check(CLIProcess.run(["keys", "generate", "--out", first]))
        #expect(made.standardOutput.contains("Wrote data key ") && made.standardOutput.contains("(mode 0600)"), "\(made.standardOutput)")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let again = try await CLIProcess.run(["keys", "generate", "--out", first])
        #expect(again.status != 0 && again.standardError.contains("it already exists; a key file is never overwritten"), "\(again.standardError)")
        _ = try await BatchScoringTests.check(CLIProcess.run(["keys", "generate", "--out", second]))
        let firstID = try #require(try DataKeySource.environment([DataKeySource.keyFileVariable: first]).keyID())
        let secondID = try #require(try DataKeySource.environment([DataKeySource.keyFileVariable: second]).keyID())

        // Features written before the store had a key, then sealed by the first rotation.
        try await BatchScoringTests.withStore(home: home) { store in
            _ = try await store.onlineFeatures.upsert([StoredFeatures(customerID: "c1", asOf: "2025-10-01", featuresJSON: #"{"mrr": 99}"#)])
        }
        let withFirst = Self.environment([DataKeySource.keyFileVariable: first])
        let sealed = try await BatchScoringTests.check(CLIProcess.run(["keys", "rotate", "--home", home], environment: withFirst))
        #expect(sealed.standardOutput.contains("Rotated to data key \(firstID)"), "\(sealed.standardOutput)")
        #expect(sealed.standardOutput.contains("online_features            1 rows re-encrypted"), "\(sealed.standardOutput)")
        let status = try await BatchScoringTests.check(CLIProcess.run(["keys", "status", "--home", home], environment: withFirst))
        #expect(status.standardOutput.contains("Encryption at rest: on") && status.standardOutput.contains("\(firstID)  active"), "\(status.standardOutput)")

        // No key, or the wrong one: refused at start-up, naming the key id.
        let none = try await CLIProcess.run(["keys", "status", "--home", home], environment: Self.environment([:]))
        #expect(none.status != 0 && none.standardError.contains("encrypted under data key id \(firstID) but no data key is configured"), "\(none.standardError)")
        let wrong = try await CLIProcess.run(["keys", "status", "--home", home], environment: Self.environment([DataKeySource.keyFileVariable: second]))
        #expect(wrong.status != 0 && wrong.standardError.contains("the data key does not match: this store holds data encrypted under key id \(firstID)"),
                "\(wrong.standardError)")

        // Rotation to the second key retires the first.
        let rotating = Self.environment([DataKeySource.keyFileVariable: second, DataKeySource.previousKeyFileVariable: first])
        let rotated = try await BatchScoringTests.check(CLIProcess.run(["keys", "rotate", "--home", home, "--actor", "ops"], environment: rotating))
        #expect(rotated.standardOutput.contains("Retired \(firstID)"), "\(rotated.standardOutput)")
        let after = try await BatchScoringTests.check(
            CLIProcess.run(["keys", "status", "--home", home], environment: Self.environment([DataKeySource.keyFileVariable: second])))
        #expect(after.standardOutput.contains("\(secondID)  active") && after.standardOutput.contains("\(firstID)  retired"), "\(after.standardOutput)")
    }
}
