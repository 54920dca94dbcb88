import ChurnModel
import ChurnServices
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
@testable import ChurnServer

/// A server over a real XGBoost model (written by XGBoost 3.x) with the spec's five API features
/// and a boolean, a calibrator, and captured JSON logs.
struct TestServer {
    static let secret = "test-secret-that-is-long-enough-for-hs256!"
    static let schema = SpecExampleSchema.schema

    var server: ChurnServer
    let verifier: TokenVerifier
    let logs: LogOutput

    init(burst: Int = 1_000, sink: (any PredictionLogSink)? = nil) async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/model.json")
        let manifest = BundleManifest(
            version: "v-test", featureSchema: Self.schema,
            calibrator: try IsotonicCalibrator(thresholds: [0.0, 1.0], values: [0.0, 1.0]))
        let bundle = try ModelBundle(manifest: manifest, modelJSON: try Data(contentsOf: url))
        verifier = try await TokenVerifier(keySource: .sharedSecret(Self.secret), issuer: "churnguard", audience: "churnguard-api")
        logs = LogOutput(capturing: true)
        var configuration = ChurnServer.Configuration(verifier: verifier)
        configuration.port = 0
        // The whole suite runs its tests at once on two cores: a request may wait long for a thread.
        // The request-timeout tests set their own limit.
        configuration.requestTimeout = .seconds(600)
        configuration.burst = burst
        configuration.requestsPerSecond = 0.001
        configuration.logOutput = logs
        var server = ChurnServer(configuration: configuration, production: bundle)
        server.sink = sink
        self.server = server
    }

    func token(_ role: Role, ttl: TimeInterval = 300) async throws -> String {
        try await verifier.issue(subject: "client-\(role.rawValue)", role: role, ttl: ttl)
    }

    func headers(_ role: Role?, contentType: String? = "application/json") async throws -> HTTPFields {
        var fields = HTTPFields()
        if let role { fields[.authorization] = "Bearer \(try await token(role))" }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    static let specExample = #"{"customer_id":"cust-e5f6g7h8","behavioral_score":30.5,"transactional_value_k":550,"support_ticket_volume_30d":9,"engagement_score":0.25,"contract_days_remaining":45}"#
}

func json(_ buffer: ByteBuffer) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(buffer: buffer))
}

/// Records what the server logs, like the real predictions log but in memory.
actor RecordingSink: PredictionLogSink {
    var entries: [PredictionLogEntry] = []
    var failing = false

    func setFailing(_ value: Bool) { failing = value }

    func append(_ entries: [PredictionLogEntry]) async throws {
        if failing { throw CancellationError() }
        self.entries += entries
    }
}
