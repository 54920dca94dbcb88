import ArgumentParser
import ChurnModel
import ChurnStore
import Foundation

/// `churnguard bench-store` (hidden; used by Benchmarks/run-batch-scoring.sh): grows an ingested online
/// store to N customers by copying its real snapshots under new ids, then times single-customer
/// feature lookups. Copies keep the real feature distributions, so scoring them costs what real
/// customers cost, without generating and ingesting a million customers first. `--appends` times
/// the online writer's commit of one served prediction, after `--erased` erasures (the log looks
/// its customers up in the erasure list on every commit).
struct StoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-store",
        abstract: "Benchmark helper: fill the online store to N customers and time feature lookups.",
        shouldDisplay: false
    )

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
    var home: String?

    @Option(name: .long, help: "The snapshot date whose snapshots are copied.")
    var asOf: String

    @Option(name: .long, help: "Grow the online store to this many customers (0: leave it).")
    var customers: Int = 0

    @Option(name: .long, help: "Single-customer lookups to time (random customers).")
    var lookups: Int = 100_000

    @Option(name: .long, help: "Register this bundle directory as a candidate and promote it to production first.")
    var promote: String?

    @Option(name: .long, help: "Served predictions to log one commit at a time, timed.")
    var appends: Int = 0

    @Option(name: .long, help: "Customers (never held) to erase before the appends.")
    var erased: Int = 0

    func run() async throws {
        try await withStore(home: home) { store in
            if let promote { try await register(promote, in: store) }
            try await fill(store)
            try await timeLookups(store)
            try await timeAppends(store)
        }
    }

    private func timeAppends(_ store: ChurnStore) async throws {
        guard appends > 0 else { return }
        for index in 0..<erased { _ = try await store.customerData.erase(customerID: "erased-\(index)", actor: "bench-store") }
        let log = store.predictionsLog
        let features = #"{"mrr": 99.5, "seats": 12, "logins_30d": 41, "tickets_90d": 2, "plan": "pro"}"#
        let reasons = #"[{"feature": "logins_30d", "value": 41, "contribution": -0.31}]"#
        var nanoseconds: [UInt64] = []
        nanoseconds.reserveCapacity(appends)
        for index in 0..<appends {
            let record = PredictionRecord(customerID: "c-\(index % 10_000)", churnProbability: 0.4, churnRiskLevel: "MEDIUM", modelVersion: "v1",
                                          reasonsJSON: reasons, inferenceFeaturesJSON: features)
            let start = DispatchTime.now().uptimeNanoseconds
            try await log.append([record], jsonIsValid: true)
            nanoseconds.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        nanoseconds.sort()
        let mean = Double(nanoseconds.reduce(0, +)) / Double(nanoseconds.count) / 1e3
        func percentile(_ p: Double) -> String {
            String(format: "%.1f", Double(nanoseconds[min(nanoseconds.count - 1, Int(Double(nanoseconds.count) * p))]) / 1e3)
        }
        print("append, \(erased) erased customers, \(appends) commits of one prediction: mean \(String(format: "%.1f", mean)) µs, "
              + "p50 \(percentile(0.50)) µs, p99 \(percentile(0.99)) µs")
    }

    private func register(_ bundlePath: String, in store: ChurnStore) async throws {
        let version = try ModelBundle.load(from: bundlePath).version
        let registry = store.modelRegistry
        if try await registry.version(version) == nil {
            try await registry.registerCandidate(version: version, metricsJSON: "{}", bundlePath: bundlePath, actor: "bench-store")
        }
        if try await registry.production()?.version != version {
            try await registry.setStage(version, to: .production, actor: "bench-store", reason: "benchmark")
        }
        print("production model: \(version)")
    }

    private func fill(_ store: ChurnStore) async throws {
        var stored = try await store.onlineFeatures.count()
        guard customers > stored else { return }
        let originals = try await store.onlineFeatures.snapshots(after: nil, limit: 1_000_000).filter { $0.asOf == asOf }
        guard !originals.isEmpty else { throw ValidationError("no snapshots for \(asOf) to copy: run churnguard ingest first") }
        let started = Date()
        var copy = 0
        while stored < customers {
            copy += 1
            let batch = originals.prefix(customers - stored).map {
                StoredFeatures(customerID: "\($0.customerID)-c\(copy)", asOf: asOf, featuresJSON: $0.featuresJSON)
            }
            try await store.onlineFeatures.upsert(Array(batch), jsonIsValid: true)
            stored += batch.count
            StandardError.print("bench-store: \(stored) customers (\(String(format: "%.1f", Date().timeIntervalSince(started)))s)")
        }
        let seconds = Date().timeIntervalSince(started)
        print("filled online store to \(stored) customers in \(String(format: "%.1f", seconds))s (\(Int(Double(stored) / max(seconds, 1e-9))) upserts/s)")
    }

    private func timeLookups(_ store: ChurnStore) async throws {
        guard lookups > 0 else { return }
        // Sample ids spread over the whole key range: every 97th id of a full scan.
        var ids: [String] = []
        var after: String?
        var index = 0
        while true {
            let page = try await store.onlineFeatures.customerIDs(after: after, limit: 50_000)
            guard let last = page.last else { break }
            for id in page {
                if index % 97 == 0 { ids.append(id) }
                index += 1
            }
            after = last
        }
        guard !ids.isEmpty else { throw ValidationError("the online store is empty: run churnguard ingest first") }
        var generator = SystemRandomNumberGenerator()
        var nanoseconds: [UInt64] = []
        nanoseconds.reserveCapacity(lookups)
        let lookupStore = store.onlineFeatures
        for _ in 0..<lookups {
            let id = ids.randomElement(using: &generator)!
            let start = DispatchTime.now().uptimeNanoseconds
            guard try await lookupStore.features(customerID: id) != nil else { throw ValidationError("lookup of \(id) found nothing") }
            nanoseconds.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        nanoseconds.sort()
        func percentile(_ p: Double) -> String {
            String(format: "%.3f", Double(nanoseconds[min(nanoseconds.count - 1, Int(Double(nanoseconds.count) * p))]) / 1e6)
        }
        print("online lookup, \(index) customers, \(lookups) random lookups: p50 \(percentile(0.50)) ms, p99 \(percentile(0.99)) ms, max \(percentile(1.0)) ms")
    }
}
