import ChurnServices
import ChurnStore
import Foundation
import Testing

/// A prediction answered during an outage waits in the spool; if its customer is erased before the
/// database is back, the replay must not bring them back into the log.
@Suite struct SpooledPredictionsErasureTests {
    @Test func aSpoolReplayedAfterAnEraseLeavesTheErasedCustomerOut() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("spool-erase-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]))
        let spool = try PredictionSpool(directory: home + "/spool", cipher: store.cipher)
        let spooled = ["erased-1", "kept-1", "erased-1"].map(Self.entry)
        try spool.write(spooled)

        let erasure = try await store.customerData.erase(customerID: "erased-1", actor: "dpo")
        #expect(erasure.listed)
        let writer = PredictionsLogWriter(store: StorePredictionLog(store: store), spool: spool)
        #expect(await writer.replaySpool() == 3)  // the batch left the spool whole
        #expect(spool.files().isEmpty)

        #expect(try await store.predictionsLog.history(customerID: "erased-1").isEmpty)
        #expect(try await store.predictionsLog.history(customerID: "kept-1").map(\.predictionID.uuidString).map { $0.lowercased() }
                == [spooled[1].predictionID])
        try await store.shutdown()
    }

    static func entry(_ customerID: String) -> PredictionLogEntry {
        PredictionLogEntry(
            predictionID: UUID().uuidString.lowercased(), customerID: customerID, timestamp: Date(), churnProbability: 0.5,
            rawProbability: 0.4, riskLevel: "MEDIUM", modelVersion: "v1", topChurnFeature: "f", inferenceFeaturesJSON: #"{"f":1}"#,
            reasonsJSON: "[]", traceID: "t", servedBy: "production")
    }
}
