import ChurnData
import ChurnDelivery
import ChurnServices
import ChurnTestSupport
import ChurnModel
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

@Suite struct PredictRouteTests {
    @Test func specExampleScoresAsWrittenWithTheContract() async throws {
        let sink = RecordingSink()
        let test = try await TestServer(sink: sink)
        let headers = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: TestServer.specExample)) { response in
                #expect(response.status == .ok)
                let object = try #require(json(response.body) as? [String: Any])
                #expect(object["customer_id"] as? String == "cust-e5f6g7h8")
                let probability = try #require(object["churn_probability"] as? Double)
                #expect((0...1).contains(probability))
                let level = try #require(object["churn_risk_level"] as? String)
                #expect(object["action_code"] as? String == "ACTION-\(level)")
                #expect(TestServer.schema.names.contains(object["top_churn_feature"] as? String ?? ""))
                #expect((object["reasons"] as? [[String: Any]])?.isEmpty == false)
                #expect(object["model_version"] as? String == "v-test")
                #expect(UUID(uuidString: object["prediction_id"] as? String ?? "") != nil)
                #expect(response.headers[.init("X-Request-ID")!]?.count == 32)
            }
        }
        let logged = await sink.entries
        #expect(logged.count == 1)
        #expect(logged.first?.customerID == "cust-e5f6g7h8")
        #expect(logged.first?.inferenceFeaturesJSON.contains("\"behavioral_score\":30.5") == true)
    }

    @Test func batchKeepsOrderAndMatchesTheScorer() async throws {
        let test = try await TestServer()
        let headers = try await test.headers(.scorer)
        let body = """
            [{"customer_id":"cust-a1b2c3d4","behavioral_score":75,"transactional_value_k":120,"support_ticket_volume_30d":1,"engagement_score":0.92,"contract_days_remaining":360},
             \(TestServer.specExample), {"customer_id":"only-id"}]
            """
        let predictor = test.server.models.snapshot.production
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let array = try #require(json(response.body) as? [[String: Any]])
                #expect(array.map { $0["customer_id"] as? String } == ["cust-a1b2c3d4", "cust-e5f6g7h8", "only-id"])
                // The served probability is the library's, for the same values (absent features missing).
                let expected = predictor.predict(
                    customerID: "cust-a1b2c3d4",
                    values: [.number(75), .number(120), .number(1), .number(0.92), .number(360), .missing])
                #expect(abs((array[0]["churn_probability"] as? Double ?? -1) - expected.churnProbability) < 1e-6)
                #expect(array[0]["top_churn_feature"] as? String == expected.topChurnFeature)
            }
        }
    }

    @Test func unloggablePredictionsAreNotReturned() async throws {
        let sink = RecordingSink()
        await sink.setFailing(true)
        let test = try await TestServer(sink: sink)
        let headers = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: TestServer.specExample)) { response in
                #expect(response.status == .serviceUnavailable)
                let object = try #require(json(response.body) as? [String: Any])
                #expect(object["churn_probability"] == nil)
                #expect(object["error"] as? String == "log_unavailable")
                #expect(response.headers[.retryAfter].flatMap { Int($0) }.map { $0 >= 1 } == true, "no Retry-After: \(response.headers)")
            }
        }
    }

    @Test func logsCarryTraceIDsButNoFeaturesOrTokens() async throws {
        let test = try await TestServer()
        var fields = try await test.headers(.scorer)
        fields[.init("traceparent")!] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let headers = fields
        let token = headers[.authorization]!
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: TestServer.specExample)) { response in
                #expect(response.headers[.init("X-Request-ID")!] == "4bf92f3577b34da6a3ce929d0e0e4736")
            }
        }
        let line = try #require(test.logs.lines.first { ($0["route"] as? String)?.contains("predict") == true })
        #expect(line["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(line["status"] as? Int == 200)
        #expect(line["customer_id"] as? String == "cust-e5f6g7h8")
        #expect(line["level"] as? String == "info")
        #expect(line["duration_ms"] != nil)
        #expect(!test.logs.text.contains("30.5"))
        #expect(!test.logs.text.contains("behavioral_score"))
        #expect(!test.logs.text.contains(String(token.dropFirst("Bearer ".count))))
    }

    @Test func metricsUseTheSpecNames() async throws {
        let test = try await TestServer()
        let headers = try await test.headers(.scorer)
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: TestServer.specExample))
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"churnguard_api_request_total{endpoint="/api/v1/predict",status="200"} 1"#))
                #expect(text.contains("churnguard_inference_latency_seconds_bucket"))
                #expect(text.contains("churnguard_prediction_count{churn_risk_level="))
                #expect(text.contains(#"churnguard_model_version{version="v-test"} 1"#))
            }
        }
    }

    @Test func healthReadyAndOpenAPIAreOpen() async throws {
        let test = try await TestServer()
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect((json(response.body) as? [String: String])?["status"] == "ready")
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("openapi: 3.1.0"))
                // Every route the server answers is in the contract, with each of its methods.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                for route in KnownRoutes.routes {
                    let path = route.path
                    guard let start = lines.firstIndex(of: Substring("  \(path):")) else {
                        Issue.record("missing \(path)")
                        continue
                    }
                    let block = lines[(start + 1)...].prefix { $0.hasPrefix("    ") }
                    for method in route.methods.split(separator: ",") {
                        let name = method.trimmingCharacters(in: .whitespaces).lowercased()
                        #expect(block.contains(Substring("    \(name):")), "\(path) lacks \(name)")
                    }
                }
                // Every route the server answers (405 included) is in the contract.
                for route in KnownRoutes.routes { #expect(text.contains("  \(route.path):\n"), "missing \(route.path)") }
                for feature in TestServer.schema.names { #expect(text.contains("        \(feature):\n")) }
            }
        }
    }
}

@Suite struct UTCTimestampTests {
    @Test func formatsLikeISO8601WithMilliseconds() {
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 1_764_000_123.456)) == "2025-11-24T16:02:03.456Z")
    }
}

/// `promtool check metrics` (from Debian's `prometheus` package, which the test script installs)
/// accepts the exposition, including the spec's `churnguard_prediction_count`.
enum Promtool {
    static let path = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

extension TestRequirement {
    /// `CHURNGUARD_TEST_SKIP_PROMTOOL`, like `CHURNGUARD_TEST_SKIP_POSTGRES`, acts as if it were missing.
    static let promtool = TestRequirement(
        name: "promtool",
        unavailableReason: ProcessInfo.processInfo.environment["CHURNGUARD_TEST_SKIP_PROMTOOL"] != nil ? "CHURNGUARD_TEST_SKIP_PROMTOOL is set"
            : Promtool.path == nil ? "not in /usr/bin or /usr/local/bin (Debian package 'prometheus')" : nil)
}

@Suite(.requires(.promtool))
struct PromtoolCheck {
    @Test func metricsPassPromtool() async throws {
        let test = try await TestServer()
        let headers = try await test.headers(.scorer)
        test.server.metrics.setMonitoring(MonitoringGauges(
            asOf: "2025-06-01",
            features: [.init(name: "engagement_score", method: "wasserstein", value: 0.21, drifted: true), .init(name: "plan", method: "jensen_shannon", value: 0.04)],
            datasetDriftShare: 0.5, datasetDrift: true, scoreDrift: true, estimatedROCAUC: 0.91, realizedROCAUC: nil,
            referenceROCAUC: 0.93, conceptDrift: false, expectedChurners: 4.5,
            risk: .init(probabilities: [0.1, 0.75, 0.8], monthlyRevenue: [100, 250, nil], thresholds: .default)))
        test.server.metrics.setSpoolDepth(3)
        test.server.metrics.setOpenConnections(2)
        test.server.metrics.recordConnectionClosed(.write)
        test.server.metrics.recordAttempt(destination: "crm", result: .retried, duration: .milliseconds(120))
        test.server.metrics.setOperations(OperationsGauges(
            lastScoringFinishedAt: Date(timeIntervalSince1970: 1_764_000_000),
            destinations: [.init(name: "crm", waiting: 3, dead: 2, oldestWaitingAge: 90), .init(name: "slack", waiting: 0, dead: 0, oldestWaitingAge: 0)]))
        let text = try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: TestServer.specExample))
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: [:], body: ByteBuffer(string: "{}"))
            return try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        }
        #expect(text.contains("churnguard_prediction_count{churn_risk_level="))
        #expect(text.contains(#"churnguard_feature_drift{feature="engagement_score",method="wasserstein"} 0.21"#))
        #expect(text.contains("churnguard_dataset_drift_share 0.5"))
        #expect(text.contains("churnguard_estimated_roc_auc 0.91"))
        #expect(text.contains("churnguard_prediction_spool_batches 3"))
        #expect(text.contains("churnguard_connections_open 2"))
        #expect(text.contains(#"churnguard_connections_closed_total{reason="write"} 1"#))
        #expect(text.contains(#"churnguard_feature_drift_detected{feature="engagement_score",method="wasserstein"} 1"#))
        #expect(text.contains(#"churnguard_feature_drift_detected{feature="plan",method="jensen_shannon"} 0"#))
        #expect(text.contains(#"churnguard_scored_customers{churn_risk_level="HIGH"} 2"#))
        #expect(text.contains(#"churnguard_monthly_revenue{churn_risk_level="HIGH"} 250"#))
        #expect(text.contains("churnguard_reference_roc_auc 0.93") && text.contains("churnguard_score_drift_detected 1"))
        #expect(text.contains(#"churnguard_delivery_dead_letters{destination="crm"} 2"#))
        #expect(text.contains(#"churnguard_delivery_oldest_waiting_age_seconds{destination="crm"} 90"#))
        #expect(text.contains("churnguard_last_scoring_timestamp_seconds 1764000000"))
        #expect(text.contains(#"churnguard_delivery_attempts_total{destination="crm",result="retried"} 1"#))
        #expect(text.contains(#"churnguard_delivery_latency_seconds_count{destination="crm"} 1"#))
        let run = try await ChildProcess.run([try #require(Promtool.path), "check", "metrics"], input: Data(text.utf8))
        let report = run.output + run.errors
        #expect(run.status == 0, "promtool: \(report)")
        #expect(report.isEmpty, "promtool: \(report)")
    }
}

/// The hand-written response body is what the Encodable contract type encodes to.
@Suite struct ServedPredictionBodyTests {
    @Test func bodyIsWhatTheEncoderWrites() throws {
        let reasons = [
            PredictionReason(feature: "support_ticket_volume_30d", value: "9", contribution: 0.812345678),
            PredictionReason(feature: "plan \"tier\"", value: "ünï\ncode", contribution: -1.0e-7),
            PredictionReason(feature: "engagement_score", value: "0.25", contribution: 2),
        ]
        let predictions = [
            ChurnPrediction(customerID: "cust-é/\u{01}", rawProbability: 0.01, churnProbability: 0.006508, riskLevel: .low,
                            topChurnFeature: "support_ticket_volume_30d", reasons: reasons, modelVersion: "v1"),
            ChurnPrediction(customerID: "c2", rawProbability: 1, churnProbability: 1, riskLevel: .high,
                            topChurnFeature: "", reasons: [], modelVersion: "v2"),
        ].map { ServedPrediction($0, predictionID: UUID().uuidString.lowercased(), scoredAt: "2026-11-25T20:00:00.123Z") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func parsed(_ bytes: [UInt8]) throws -> NSObject? { try JSONSerialization.jsonObject(with: Data(bytes)) as? NSObject }
        #expect(try parsed(ServedPrediction.jsonBody(predictions, asArray: true)) == parsed(Array(try encoder.encode(predictions))))
        #expect(try parsed(ServedPrediction.jsonBody(predictions, asArray: false)) == parsed(Array(try encoder.encode(predictions[0]))))
        // Byte for byte too, but for the slash the encoder escapes.
        let plain = predictions[1]
        #expect(ServedPrediction.jsonBody([plain], asArray: false) == Array(try encoder.encode(plain)))
    }
}
