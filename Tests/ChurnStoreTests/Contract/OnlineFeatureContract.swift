import Foundation
import Testing
@testable import ChurnStore

/// The online feature store keeps the newest snapshot per customer and pages through all customers.
@Suite("Store contract: online features") struct OnlineFeatureContract {
    @Test(arguments: TestBackend.allCases)
    func upsertAndLookUp(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let written = try await store.onlineFeatures.upsert([
                StoredFeatures(customerID: "c1", asOf: "2025-01-01", featuresJSON: #"{"tenure": 3, "plan": "pro"}"#),
                StoredFeatures(customerID: "c2", asOf: "2025-01-01", featuresJSON: #"{"tenure": 9}"#),
            ])
            #expect(written == 2)
            let c1 = try #require(try await store.onlineFeatures.features(customerID: "c1"))
            #expect(c1.asOf == "2025-01-01")
            #expect(try canonicalJSON(c1.featuresJSON) == #"{"plan":"pro","tenure":3}"#)
            #expect(try await store.onlineFeatures.features(customerID: "nobody") == nil)
            #expect(try await store.onlineFeatures.count() == 2)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func olderSnapshotNeverOverwritesNewer(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let features = store.onlineFeatures
            try await features.upsert([StoredFeatures(customerID: "c1", asOf: "2025-02-01", featuresJSON: #"{"v": 2}"#)])
            try await features.upsert([StoredFeatures(customerID: "c1", asOf: "2025-01-01", featuresJSON: #"{"v": 1}"#)])
            #expect(try await features.features(customerID: "c1")?.asOf == "2025-02-01")

            // Same day again replaces (a corrected re-materialization); a newer day replaces.
            try await features.upsert([StoredFeatures(customerID: "c1", asOf: "2025-02-01", featuresJSON: #"{"v": 3}"#)])
            #expect(try canonicalJSON(try #require(try await features.features(customerID: "c1")).featuresJSON) == #"{"v":3}"#)
            try await features.upsert([StoredFeatures(customerID: "c1", asOf: "2025-03-01", featuresJSON: #"{"v": 4}"#)])
            #expect(try await features.features(customerID: "c1")?.asOf == "2025-03-01")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func newestWinsWithinOneBatch(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let written = try await store.onlineFeatures.upsert([
                StoredFeatures(customerID: "c1", asOf: "2025-03-01", featuresJSON: #"{"v": 3}"#),
                StoredFeatures(customerID: "c1", asOf: "2025-01-01", featuresJSON: #"{"v": 1}"#),
                StoredFeatures(customerID: "c1", asOf: "2025-02-01", featuresJSON: #"{"v": 2}"#),
            ])
            #expect(written == 1)
            #expect(try await store.onlineFeatures.features(customerID: "c1")?.asOf == "2025-03-01")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func bulkUpsertPagesThroughEveryCustomer(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            // More rows than one transaction holds, so the chunking is exercised.
            let count = OnlineFeatureStore.rowsPerTransaction * 2 + 123
            let snapshots = (0..<count).map { i in
                StoredFeatures(customerID: String(format: "cust-%06d", i), asOf: "2025-01-01", featuresJSON: #"{"i": \#(i)}"#)
            }
            #expect(try await store.onlineFeatures.upsert(snapshots.shuffled()) == count)
            #expect(try await store.onlineFeatures.count() == count)

            var seen: [String] = []
            var cursor: String?
            while true {
                let page = try await store.onlineFeatures.customerIDs(after: cursor, limit: 4_000)
                guard let last = page.last else { break }
                seen += page
                cursor = last
            }
            #expect(seen == snapshots.map(\.customerID))

            let firstPage = try await store.onlineFeatures.snapshots(limit: 3)
            #expect(firstPage.map(\.customerID) == ["cust-000000", "cust-000001", "cust-000002"])
            #expect(try canonicalJSON(firstPage[2].featuresJSON) == #"{"i":2}"#)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badInputIsRefusedWithTheField(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            await #expect(throws: StoreError.invalidValue(field: "as_of", reason: "'2025-13-01' is not a date in YYYY-MM-DD form")) {
                try await store.onlineFeatures.upsert([StoredFeatures(customerID: "c1", asOf: "2025-13-01", featuresJSON: "{}")])
            }
            await #expect(throws: StoreError.invalidValue(field: "customer_id", reason: "must not be empty")) {
                try await store.onlineFeatures.upsert([StoredFeatures(customerID: "", asOf: "2025-01-01", featuresJSON: "{}")])
            }
            // Malformed JSON is refused by the database on both engines, and the transaction leaves nothing.
            await #expect(throws: (any Error).self) {
                try await store.onlineFeatures.upsert([
                    StoredFeatures(customerID: "c1", asOf: "2025-01-01", featuresJSON: "{}"),
                    StoredFeatures(customerID: "c2", asOf: "2025-01-01", featuresJSON: "{not json"),
                ])
            }
            #expect(try await store.onlineFeatures.count() == 0)
        }
    }

    /// Snapshots the caller vouches for (built by a JSON writer) are stored as given on both
    /// engines, without a second parse: they read back byte for byte, where a database that parsed
    /// them (PostgreSQL's JSONB) would respace them.
    @Test(arguments: TestBackend.allCases)
    func vouchedForJSONIsStoredByteForByte(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let json = #"{"plan":"pro","tenure":3,"note":"a \"b\", é"}"#
            let snapshots = (0..<3).map { StoredFeatures(customerID: "c\($0)", asOf: "2025-01-01", featuresJSON: json) }
            #expect(try await store.onlineFeatures.upsert(snapshots, jsonIsValid: true) == 3)
            #expect(try await store.onlineFeatures.features(customerID: "c1")?.featuresJSON == json)
            #expect(try await store.onlineFeatures.snapshots(limit: 3).map(\.featuresJSON) == [json, json, json])
        }
    }
}
