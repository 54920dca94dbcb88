import ChurnModel
import ChurnServices
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import ChurnServer

/// A sink that holds every append until it is opened, so a job can be watched while it runs.
actor GatedSink: PredictionLogSink {
    private(set) var entries: [PredictionLogEntry] = []
    private var open = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func append(_ entries: [PredictionLogEntry]) async throws {
        if !open { await withCheckedContinuation { waiters.append($0) } }
        self.entries += entries
    }

    func openGate() {
        open = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

/// `POST /api/v1/predictions/batch` and its status and results routes, over the real job queue.
@Suite struct BatchPredictionJobTests {
    static func body(_ count: Int, prefix: String = "c") -> String {
        "[" + (0..<count).map { #"{"customer_id":"\#(prefix)\#($0)","behavioral_score":\#($0 % 100),"engagement_score":0.5}"# }
            .joined(separator: ",") + "]"
    }

    static func server(sink: any PredictionLogSink, limits: BatchJobLimits = BatchJobLimits()) async throws -> TestServer {
        var test = try await TestServer(sink: sink)
        var configuration = test.server.configuration
        configuration.batchJobs = limits
        var server = ChurnServer(configuration: configuration, production: test.server.models.snapshot.production.bundle)
        server.sink = sink
        test.server = server
        return test
    }

    static func submit(_ client: some TestClientProtocol, _ body: String, headers: HTTPFields) async throws -> (HTTPResponse.Status, [String: Any]) {
        let response = try await client.executeRequest(uri: "/api/v1/predictions/batch", method: .post, headers: headers, body: ByteBuffer(string: body))
        return (response.status, (json(response.body) as? [String: Any]) ?? [:])
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, headers: HTTPFields) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
        let response = try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
        return (response.status, (json(response.body) as? [String: Any]) ?? [:], response.headers)
    }

    static func waitUntilFinished(_ client: some TestClientProtocol, _ statusURL: String, headers: HTTPFields) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let (code, status, _) = try await get(client, statusURL, headers: headers)
            if code != .ok || ["succeeded", "failed"].contains(status["status"] as? String ?? "") || ContinuousClock.now > deadline { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func jobScoresLogsAndPagesInRequestOrder() async throws {
        let sink = RecordingSink()
        var limits = BatchJobLimits()
        limits.chunkSize = 1_000
        let test = try await Self.server(sink: sink, limits: limits)
        let scorer = try await test.headers(.scorer)
        let analyst = try await test.headers(.analyst)
        let predictor = test.server.models.snapshot.production
        try await test.server.makeApplication().test(.router) { client in
            let (status, accepted) = try await Self.submit(client, Self.body(2_500), headers: scorer)
            #expect(status == .accepted)
            let jobID = try #require(accepted["job_id"] as? String)
            #expect(accepted["customers"] as? Int == 2_500)
            #expect(["queued", "running"].contains(accepted["status"] as? String ?? ""))
            let statusURL = try #require(accepted["status_url"] as? String)
            #expect(statusURL == "/api/v1/predictions/batch/\(jobID)")

            // An analyst may follow the job.
            let finished = try await Self.waitUntilFinished(client, statusURL, headers: analyst)
            #expect(finished["status"] as? String == "succeeded")
            #expect(finished["scored"] as? Int == 2_500)
            #expect(finished["finished_at"] as? String != nil)
            #expect(finished["created_at"] as? String != nil)

            let (pageStatus, first, _) = try await Self.get(client, statusURL + "/results?page=1&page_size=1000", headers: analyst)
            #expect(pageStatus == .ok)
            #expect(first["total"] as? Int == 2_500)
            #expect(first["next"] as? String == statusURL + "/results?page=2&page_size=1000")
            let predictions = try #require(first["predictions"] as? [[String: Any]])
            #expect(predictions.count == 1_000)
            #expect(predictions.map { $0["customer_id"] as? String } == (0..<1_000).map { "c\($0)" })
            // The same contract and score as POST /api/v1/predict.
            let expected = predictor.predict(customerID: "c7", values: [.number(7), .missing, .missing, .number(0.5), .missing, .missing])
            #expect(abs((predictions[7]["churn_probability"] as? Double ?? -1) - expected.churnProbability) < 1e-6)
            #expect(predictions[7]["model_version"] as? String == "v-test")
            #expect((predictions[7]["reasons"] as? [Any])?.isEmpty == false)

            let (_, last, _) = try await Self.get(client, statusURL + "/results?page=3&page_size=1000", headers: scorer)
            #expect((last["predictions"] as? [Any])?.count == 500)
            #expect(last["next"] is NSNull)
            let (_, past, _) = try await Self.get(client, statusURL + "/results?page=26", headers: scorer)
            #expect((past["predictions"] as? [Any])?.isEmpty == true)
            let (_, defaults, _) = try await Self.get(client, statusURL + "/results", headers: scorer)
            #expect(defaults["page_size"] as? Int == 100)
            #expect((defaults["predictions"] as? [Any])?.count == 100)

            for query in ["page=0", "page_size=1001", "page_size=abc"] {
                let (bad, error, _) = try await Self.get(client, statusURL + "/results?" + query, headers: scorer)
                #expect(bad == .unprocessableContent)
                #expect(["page", "page_size"].contains(error["field"] as? String ?? ""))
            }
        }
        let logged = await sink.entries
        #expect(logged.count == 2_500)
        #expect(Set(logged.map(\.customerID)).count == 2_500)
        #expect(logged.allSatisfy { $0.servedBy == "production" })
    }

    @Test func invalidBodiesAreRefusedWholeAndNothingIsQueued() async throws {
        let sink = RecordingSink()
        let test = try await Self.server(sink: sink)
        let scorer = try await test.headers(.scorer)
        var items = (0..<3_000).map { #"{"customer_id":"c\#($0)"}"# }
        items[2_345] = #"{"customer_id":"c2345","engagement_score":7}"#
        let invalid = "[" + items.joined(separator: ",") + "]"
        try await test.server.makeApplication().test(.router) { client in
            let (status, error) = try await Self.submit(client, invalid, headers: scorer)
            #expect(status == .unprocessableContent)
            #expect(error["index"] as? Int == 2_345)
            #expect(error["field"] as? String == "engagement_score")
            #expect(error["trace_id"] as? String != nil)

            #expect(try await Self.submit(client, TestServer.specExample, headers: scorer).0 == .unprocessableContent)
            #expect(try await Self.submit(client, "[]", headers: scorer).0 == .unprocessableContent)
            let (tooMany, tooManyError) = try await Self.submit(client, "[" + Array(repeating: #"{"customer_id":"x"}"#, count: 100_001).joined(separator: ",") + "]", headers: scorer)
            #expect(tooMany == .unprocessableContent)
            #expect((tooManyError["detail"] as? String)?.contains("100000") == true)

            let (unknown, notFound, _) = try await Self.get(client, "/api/v1/predictions/batch/no-such-job", headers: scorer)
            #expect(unknown == .notFound)
            #expect(notFound["error"] as? String == "not_found")
            let wrongMethod = try await client.executeRequest(uri: "/api/v1/predictions/batch", method: .get, headers: scorer, body: nil)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")

            // One worker runs the jobs in submission order, so once a valid job submitted last has
            // finished, anything the refused requests had queued would have been logged before it.
            let (accepted, barrier) = try await Self.submit(client, Self.body(2, prefix: "after-"), headers: scorer)
            #expect(accepted == .accepted)
            let statusURL = try #require(barrier["status_url"] as? String)
            #expect(try await Self.waitUntilFinished(client, statusURL, headers: scorer)["status"] as? String == "succeeded")
        }
        #expect(await sink.entries.map(\.customerID).sorted() == ["after-0", "after-1"])
    }

    @Test func rolesAreEnforced() async throws {
        let test = try await Self.server(sink: RecordingSink())
        try await test.server.makeApplication().test(.router) { client in
            #expect(try await Self.submit(client, Self.body(2), headers: try await test.headers(.analyst)).0 == .forbidden)
            #expect(try await Self.submit(client, Self.body(2), headers: try await test.headers(.operator)).0 == .forbidden)
            #expect(try await Self.submit(client, Self.body(2), headers: try await test.headers(nil)).0 == .unauthorized)
            let (_, accepted) = try await Self.submit(client, Self.body(2), headers: try await test.headers(.admin))
            let statusURL = try #require(accepted["status_url"] as? String)
            #expect(try await Self.get(client, statusURL, headers: try await test.headers(.operator)).0 == .forbidden)
            #expect(try await Self.get(client, statusURL, headers: try await test.headers(.scorer)).0 == .ok)
        }
    }

    @Test func runningJobsAnswer409AndTheQueueIsBounded() async throws {
        let sink = GatedSink()
        var limits = BatchJobLimits()
        limits.maxActive = 1
        let test = try await Self.server(sink: sink, limits: limits)
        let scorer = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            let (_, accepted) = try await Self.submit(client, Self.body(10), headers: scorer)
            let statusURL = try #require(accepted["status_url"] as? String)
            let (conflict, error, headers) = try await Self.get(client, statusURL + "/results", headers: scorer)
            #expect(conflict == .conflict)
            #expect(error["error"] as? String == "job_not_finished")
            #expect(headers[.retryAfter] == "1")
            let (full, fullError) = try await Self.submit(client, Self.body(10, prefix: "d"), headers: scorer)
            #expect(full == .tooManyRequests)
            #expect(fullError["error"] as? String == "job_queue_full")

            await sink.openGate()
            #expect(try await Self.waitUntilFinished(client, statusURL, headers: scorer)["status"] as? String == "succeeded")
            #expect(try await Self.get(client, statusURL + "/results", headers: scorer).0 == .ok)
            // With the job done, the queue takes another.
            #expect(try await Self.submit(client, Self.body(10, prefix: "d"), headers: scorer).0 == .accepted)
        }
    }

    @Test func failedJobsSayWhy() async throws {
        let sink = RecordingSink()
        await sink.setFailing(true)
        let test = try await Self.server(sink: sink)
        let scorer = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            let (_, failing) = try await Self.submit(client, Self.body(5), headers: scorer)
            let failedURL = try #require(failing["status_url"] as? String)
            let failed = try await Self.waitUntilFinished(client, failedURL, headers: scorer)
            #expect(failed["status"] as? String == "failed")
            #expect((failed["error"] as? String)?.contains("predictions log") == true)
            let (conflict, error, _) = try await Self.get(client, failedURL + "/results", headers: scorer)
            #expect(conflict == .conflict)
            #expect(error["error"] as? String == "job_failed")
        }
    }

    @Test func finishedJobsExpireByAgeAndCount() async throws {
        let test = try await TestServer()
        let clock = ManualClock()
        var limits = BatchJobLimits()
        limits.retention = .seconds(3_600)
        limits.maxRetained = 2
        let jobs = BatchPredictionJobs(
            scorer: OnlineScorer(sink: nil, metrics: test.server.metrics, shadowQueue: nil), lookup: nil, limits: limits, now: clock.read)
        let snapshot = test.server.models.snapshot
        func finishedJob() async throws -> String {
            let (items, _) = try snapshot.parser.parser.parse(Data(Self.body(3).utf8), maxItems: 10, arrayOnly: true)
            let id = try await jobs.submit(items, snapshot: snapshot, traceID: "t", logger: Logger(label: "test")).id
            while await jobs.job(id)?.isFinished != true { try await Task.sleep(for: .milliseconds(5)) }
            clock.advance(by: 60)
            return id
        }
        let first = try await finishedJob()
        let second = try await finishedJob()
        #expect(await jobs.job(first)?.results.count == 3)
        // A third finished job pushes the oldest out (two are kept)...
        let third = try await finishedJob()
        #expect(await jobs.job(first) == nil)
        #expect(await jobs.job(second) != nil)
        // ...and an hour after finishing, a job is gone (the second finished a minute before the third).
        clock.advance(by: 3_600 - 90)
        #expect(await jobs.job(second) == nil)
        #expect(await jobs.job(third) != nil)
        clock.advance(by: 60)
        #expect(await jobs.job(third) == nil)
    }
}
