import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// The proof that a served prediction is never lost: a real PostgreSQL server is stopped while
/// clients keep scoring, every request is still answered, /ready reports degraded, and once the
/// server is back every served prediction is in the predictions log exactly once.
@Suite(.serialized, .requires(.postgreSQL))
struct DatabaseOutageTests {
    @Test func predictionsServedDuringAnOutageReachTheLog() async throws {
        let postgres = PostgresTestServer()
        let url = try await postgres.makeDatabaseURL()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("outage-\(UUID().uuidString)").path
        var options = ChurnStore.Options()
        options.connectionRequestTimeoutSeconds = 2
        let store = try await ChurnStore.open(StoreConfiguration(home: home, database: .postgres(url: url)), options: options)
        let writer = PredictionsLogWriter(store: StorePredictionLog(store: store), spool: try PredictionSpool(directory: home + "/spool"))
        var test = try await TestServer(sink: writer)
        test.server.store = store
        test.server.databaseProblem = {
            await writer.isDegraded ? "unavailable: predictions are being spooled to disk" : nil
        }
        let headers = try await test.headers(.scorer)
        let perPhase = 60
        let served = ServedCounter()

        try await test.server.makeApplication().test(.router) { client in
            func burst(_ phase: Int) async throws {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for number in 0..<perPhase {
                        group.addTask {
                            let body = #"{"customer_id":"c-\#(phase)-\#(number)","behavioral_score":40}"#
                            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                                #expect(response.status == .ok)
                                if response.status == .ok { await served.add() }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await burst(0)
            try await postgres.stop()
            try await burst(1)
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect((json(response.body) as? [String: String])?["status"] == "degraded")
            }
            try await postgres.restart()
            try await burst(2)
        }
        #expect(await served.count == 3 * perPhase)
        // Replay until the spool is empty (the pool may need a moment to reconnect).
        for _ in 0..<30 where await writer.isDegraded {
            await writer.replaySpool()
            if await writer.isDegraded { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(await !writer.isDegraded)
        var logged = 0
        for phase in 0..<3 {
            for number in 0..<perPhase {
                logged += try await store.predictionsLog.history(customerID: "c-\(phase)-\(number)").count
            }
        }
        #expect(logged == 3 * perPhase)
        try await store.shutdown()
    }
}

actor ServedCounter {
    private(set) var count = 0
    func add() { count += 1 }
}
