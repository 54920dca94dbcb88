import Foundation
import SQLKit
import Testing
@testable import ChurnStore

/// A customer's rights of access and erasure: the export holds every row about them and nobody
/// else's; after an erasure no table holds their id or features (the tombstone holds neither),
/// their pending deliveries are cancelled, other customers are untouched, and erasing again is a
/// no-op.
@Suite("Store contract: customer export and erasure") struct CustomerDataContract {
    /// `c1` everywhere; `c10` (whose id contains `c1`) and `c2` beside them, to be left alone.
    static func seed(_ store: ChurnStore) async throws {
        let customers = try #require(RawTableSpec.all.first { $0.table == "raw_customers" })
        let transactions = try #require(RawTableSpec.all.first { $0.table == "raw_transactions" })
        _ = try await store.rawTables.insert(
            ["c1", "c10", "c2"].map { [$0, "2024-01-01", "pro", "smb", "DE", "annual", "2026-01-01", "99"] }, into: customers)
        _ = try await store.rawTables.insert([["t-1", "c1", "2025-09-01", "99", "paid"], ["t-2", "c2", "2025-09-01", "49", "paid"]], into: transactions)
        // Every other raw table holds a row of c1 and of c10 (whose id contains c1's).
        for (table, row) in [
            ("raw_engagement_daily", { (id: String) in [id, "2025-09-02", "3", "4", "5", "0"] }),
            ("raw_support_tickets", { (id: String) in ["tk-\(id)", id, "2025-09-03T10:00:00Z", "2025-09-05T10:00:00Z", "billing", "negative"] }),
            ("raw_subscription_changes", { (id: String) in [id, "2025-09-04T10:00:00Z", "downgrade", "pro", "basic", "99", "49", "2026-01-01"] }),
            ("raw_churn_events", { (id: String) in [id, "2025-09-30T10:00:00Z", "price"] }),
        ] {
            _ = try await store.rawTables.insert(["c1", "c10"].map(row), into: try #require(RawTableSpec.all.first { $0.table == table }))
        }
        _ = try await store.onlineFeatures.upsert(["c1", "c10", "c2"].map {
            StoredFeatures(customerID: $0, asOf: "2025-10-01", featuresJSON: #"{"mrr": 99, "secret_signal": "\#($0)-signal"}"#)
        })
        // Coordinated scoring's chunk bounds: one customer a chunk, so c1 bounds the first.
        try await store.scoreChunks.plan(asOf: "2025-10-01", modelVersion: "v1", chunkSize: 1)
        let run = try await store.batchRuns.startOrResume(asOf: "2025-10-01", modelVersion: "v1")
        _ = try await store.predictionsLog.insert(["c1", "c10", "c2"].map {
            PredictionRecord(customerID: $0, asOf: "2025-10-01", churnProbability: 0.8, churnRiskLevel: "HIGH", modelVersion: "v1",
                             reasonsJSON: #"[{"feature": "mrr", "value": 99, "contribution": 0.4}]"#,
                             inferenceFeaturesJSON: #"{"mrr": 99, "secret_signal": "\#($0)-signal"}"#)
        }, progress: BatchProgress(runID: run.runID, lastCustomerID: "c1"))
        try await store.predictionsLog.append([PredictionRecord(
            customerID: "c1", churnProbability: 0.7, churnRiskLevel: "HIGH", modelVersion: "v1", inferenceFeaturesJSON: #"{"mrr": 98}"#)])

        let campaign = CampaignRecord(campaignID: "cp-1", programID: "p", asOf: "2025-10-01", expiresAt: Date().addingTimeInterval(86_400),
                                      createdBy: "test", candidates: 3, holdout: 0)
        let candidates = ["c1", "c10", "c2"].map {
            CandidateRecord(campaignID: "cp-1", customerID: $0, programID: "p", asOf: "2025-10-01", riskLevel: "HIGH", churnProbability: 0.8,
                            segment: "s", offerID: "discount", offerType: "discount", channel: "email", route: "auto-execute",
                            lifetimeValue: 1_000, lift: 0.2, cost: 10, expectedValue: 150, priority: 1, reasonsJSON: #"["risk HIGH"]"#,
                            isHoldout: false, expiresAt: campaign.expiresAt)
        }
        let actions = ["c1", "c10", "c2"].map {
            OutboxMessageDraft(destination: "hooks", kind: "retention.action", idempotencyKey: "cp-1/\($0)/discount",
                               payloadJSON: #"{"type": "retention.action", "data": {"customer_id": "\#($0)", "offer_id": "discount"}}"#)
        }
        let digest = OutboxMessageDraft(
            destination: "slack", kind: "campaign.digest", idempotencyKey: "cp-1/digest",
            payloadJSON: #"{"text": "3 customers", "blocks": [{"text": {"text": "• `c1` HIGH\n• `c10` HIGH\n• `c2` HIGH"}}]}"#)
        try await store.campaigns.create(campaign, candidates: candidates, messages: actions + [digest])
        _ = try await store.outcomes.record(OutcomeRecord(outcomeID: "o-1", campaignID: "cp-1", customerID: "c1", retained: true,
                                                          observedAt: Date(), recordedBy: "crm"))
        // What the CRM was told of their tier, and the sync message on its way.
        try await store.tierSync.record(
            ["crm": ["c1": SyncedTier(riskLevel: "HIGH", churnProbability: 0.8, asOf: "2025-10-01"),
                     "c2": SyncedTier(riskLevel: "HIGH", churnProbability: 0.8, asOf: "2025-10-01")]],
            messages: ["c1", "c2"].map {
                OutboxMessageDraft(destination: "crm", kind: "risk.sync", idempotencyKey: "sync/2025-10-01/\($0)",
                                   payloadJSON: #"{"type": "risk.sync", "data": {"customer_id": "\#($0)", "risk_level": "HIGH"}}"#)
            })
        // Error messages that name customers in passing: a failed batch run, a failed job, a delivery.
        let failed = try await store.batchRuns.startOrResume(asOf: "2025-09-01", modelVersion: "v1")
        _ = try await store.batchRuns.finish(failed.runID, status: .failed, error: Self.errorNaming("c1"))
        let job = try #require(try await store.jobRuns.start(job: "score", scheduledFor: Date(), trigger: .manual, owner: "test", lease: 60))
        try await store.jobRuns.finish(job.runID, status: .failed, exitCode: 1, error: Self.errorNaming("c1"))
        let claimed = try await store.outbox.claim(destinations: ["slack"], owner: "test", limit: 1, lease: 60)
        try await store.outbox.record(claimed.map {
            OutboxOutcome(messageID: $0.id, result: .retry(at: Date()), status: 400, error: Self.errorNaming("c1"))
        })
    }

    /// An error message naming `customerID` as a word, and `c10` (whose id contains c1's), which stays.
    static func errorNaming(_ customerID: String) -> String {
        "features of customer \(customerID) are invalid: mrr is not a number (also c10)"
    }

    static func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: TestBackend.allCases)
    func exportHoldsEveryRowAboutTheCustomerAndNoOneElses(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seed(store)
            let export = try await store.customerData.export(customerID: "c1", actor: "dpo")
            let document = try Self.parse(try export.jsonDocument())
            #expect(document["customer_id"] as? String == "c1")
            let tables = try #require(document["tables"] as? [String: [[String: Any]]])
            let counts = tables.mapValues(\.count)
            #expect(counts["raw_customers"] == 1 && counts["raw_transactions"] == 1 && counts["raw_engagement_daily"] == 1)
            #expect(counts["raw_support_tickets"] == 1 && counts["raw_subscription_changes"] == 1 && counts["raw_churn_events"] == 1)
            #expect(counts["online_features"] == 1 && counts["predictions_log"] == 2)
            #expect(counts["campaign_candidates"] == 1 && counts["retention_outcomes"] == 1 && counts["tier_sync_state"] == 1)
            #expect(counts["outbox_messages"] == 3)  // their action, their tier sync and the digest naming them, not c10's action
            #expect(document["row_count"] as? Int == 15 && export.rowCount == 15)
            // Every row is the customer's (outbox rows name them in their payload).
            for (name, rows) in tables where name != "outbox_messages" {
                #expect(rows.allSatisfy { $0["customer_id"] as? String == "c1" }, "\(name)")
            }
            // JSON columns nest, timestamps read as dates, predictions carry their reasons and inputs.
            let logged = try #require(tables["predictions_log"]?.first { $0["as_of"] as? String == "2025-10-01" })
            #expect((logged["reasons"] as? [[String: Any]])?.first?["feature"] as? String == "mrr")
            #expect((logged["inference_features"] as? [String: Any])?["secret_signal"] as? String == "c1-signal")
            #expect((logged["prediction_timestamp"] as? String)?.hasPrefix("20") == true)
            #expect(((tables["online_features"]?.first?["features"]) as? [String: Any])?["mrr"] as? Int == 99)

            // Audited, without the customer's id.
            let audit = try await store.auditLog.entries()
            let exportLine = try #require(audit.last)
            #expect(exportLine.action == "customer.export" && exportLine.actor == "dpo" && exportLine.target.hasPrefix("export:"))
            // The target is the request's own id (whose hex may contain "c1" by chance, so it is parsed, not searched).
            #expect(UUID(uuidString: String(exportLine.target.dropFirst("export:".count))) != nil)
            #expect(!exportLine.detailsJSON.contains("\"c1\""))

            // An unknown customer gets empty tables; a bad id names its field.
            #expect(try await store.customerData.export(customerID: "nobody", actor: "dpo").rowCount == 0)
            await #expect(throws: StoreError.invalidValue(field: "customer_id", reason: "must not be empty")) {
                try await store.customerData.export(customerID: "", actor: "dpo")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func erasureLeavesNoTraceButTheTombstoneAndSparesOthers(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seed(store)
            let auditBefore = try await store.auditLog.entries().count
            let erasure = try await store.customerData.erase(customerID: "c1", actor: "dpo")
            let erasureID = try #require(erasure.erasureID)
            #expect(erasure.rowsDeleted == 14)  // the 15 exported rows but the digest, which is redacted instead
            #expect(erasure.deleted["predictions_log"] == 2 && erasure.deleted["outbox_messages"] == 2 && erasure.deleted["tier_sync_state"] == 1)
            #expect(erasure.cancelledDeliveries == 2 && erasure.redactedDigests == 1 && erasure.movedMarkers == 3)  // the run's marker, chunk 0's bounds
            #expect(erasure.redactedErrors == 3)  // the failed batch run's, the job's and the digest's delivery error

            // No row of any table names c1 or holds their features, audit log included.
            let leftovers = try await Self.rowsMentioning(customerID: "c1", marker: "c1-signal", in: store)
            #expect(leftovers == [], "rows still naming the customer")

            // The tombstone: who, when, what was erased by table, under the erasure id only.
            let audit = try await store.auditLog.entries()
            #expect(audit.count == auditBefore + 1)
            let tombstone = try #require(audit.last)
            #expect(tombstone.action == "customer.erase" && tombstone.target == "erasure:\(erasureID.uuidString.lowercased())")
            #expect(try Self.parse(tombstone.detailsJSON)["predictions_log"] as? String == "2")

            // Others are untouched: c10 (whose id contains c1) and c2 keep every row and their pending actions.
            let others = try await store.customerData.export(customerID: "c10", actor: "dpo")
            #expect(others.counts["predictions_log"] == 1 && others.counts["campaign_candidates"] == 1 && others.counts["outbox_messages"] == 2)
            #expect(others.counts["raw_support_tickets"] == 1 && others.counts["raw_churn_events"] == 1)
            let chunks = try await store.scoreChunks.chunks(asOf: "2025-10-01", modelVersion: "v1")
            #expect(chunks.count == 3 && !chunks.contains { $0.firstCustomerID == "c1" || $0.lastCustomerID == "c1" })
            let pending = try await store.outbox.messages(state: .pending)
            #expect(Set(pending.map(\.idempotencyKey)) == ["cp-1/c10/discount", "cp-1/c2/discount", "cp-1/digest", "sync/2025-10-01/c2"])
            #expect(try await store.tierSync.state(destination: "crm").keys.sorted() == ["c2"])
            let digest = try #require(pending.first { $0.kind == "campaign.digest" })
            #expect(digest.payloadJSON.contains("`[erased]` HIGH") && digest.payloadJSON.contains("`c10` HIGH") && digest.payloadJSON.contains("`c2` HIGH"))
            // The batch run's resume marker moved to the customer before c1 (none: the start).
            #expect(try await store.batchRuns.list().first { $0.asOf == "2025-10-01" }?.lastCustomerID == nil)
            // Error messages keep their text, with the erased id (and only it) replaced.
            let redacted = Self.errorNaming(CustomerData.erasedPlaceholder)
            #expect(try await store.batchRuns.list().first { $0.asOf == "2025-09-01" }?.error == redacted)
            #expect(try await store.jobRuns.history(job: "score").first?.error == redacted)
            #expect(try await store.outbox.messages(destination: "slack").first?.lastError == redacted)

            // Twice is a no-op: nothing erased, no second tombstone.
            let auditBeforeAgain = try await store.auditLog.entries().count
            let again = try await store.customerData.erase(customerID: "c1", actor: "dpo")
            #expect(again.erasureID == nil && !again.erasedAnything)
            #expect(try await store.auditLog.entries().count == auditBeforeAgain)
        }
    }

    /// The erasure list: loading the same raw files (and their features) again leaves the erased
    /// customer out, and erasing a customer not held yet lists them before their first ingest.
    @Test(arguments: TestBackend.allCases)
    func aLaterIngestOfTheSameFilesDoesNotBringAnErasedCustomerBack(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seed(store)
            let customers = try #require(RawTableSpec.all.first { $0.table == "raw_customers" })
            func rows(_ ids: [String]) -> [[String?]] { ids.map { [$0, "2024-01-01", "pro", "smb", "DE", "annual", "2026-01-01", "99"] } }
            #expect(try await store.customerData.erase(customerID: "c1", actor: "dpo").listed)

            // c1 is left out, c2 is there already, c3 is new.
            #expect(try await store.rawTables.insert(rows(["c1", "c2", "c3"]), into: customers) == 1)
            try await store.onlineFeatures.upsert(["c1", "c3"].map { StoredFeatures(customerID: $0, asOf: "2025-11-01", featuresJSON: #"{"mrr": 1}"#) })
            #expect(try await store.onlineFeatures.features(customerID: "c1") == nil)
            #expect(try await store.onlineFeatures.features(customerID: "c3") != nil)
            #expect(try await store.customerData.export(customerID: "c1", actor: "dpo").rowCount == 0)
            #expect(try await Self.rowsMentioning(customerID: "c1", marker: "c1-signal", in: store) == [])

            // Never held, erased on request: listed with a tombstone, and their first ingest is refused.
            let fresh = try await store.customerData.erase(customerID: "c9", actor: "dpo")
            #expect(fresh.listed && fresh.erasureID != nil && fresh.rowsDeleted == 0)
            #expect(try await store.rawTables.insert(rows(["c9"]), into: customers) == 0)
            #expect(try await store.customerData.erase(customerID: "c9", actor: "dpo").erasureID == nil)
        }
    }

    /// Predictions made before an erase but written after it (a spooled batch replayed, a batch
    /// page in flight) do not bring the customer back; others' predictions in the same batch stay.
    @Test(arguments: TestBackend.allCases)
    func predictionsLoggedAfterAnEraseLeaveTheCustomerOut(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            try await Self.seed(store)
            _ = try await store.customerData.erase(customerID: "c1", actor: "dpo")
            let before = try await store.customerData.export(customerID: "c2", actor: "dpo").counts["predictions_log"] ?? 0
            func served(_ customerID: String) -> PredictionRecord {
                PredictionRecord(customerID: customerID, churnProbability: 0.6, churnRiskLevel: "MEDIUM", modelVersion: "v1",
                                 inferenceFeaturesJSON: #"{"mrr": 97, "secret_signal": "\#(customerID)-signal"}"#)
            }
            try await store.predictionsLog.append([served("c1"), served("c2")])
            try await store.predictionsLog.append([served("c1")])
            let run = try await store.batchRuns.startOrResume(asOf: "2025-11-01", modelVersion: "v1")
            let batch = ["c1", "c2"].map {
                PredictionRecord(customerID: $0, asOf: "2025-11-01", churnProbability: 0.5, churnRiskLevel: "MEDIUM", modelVersion: "v1",
                                 inferenceFeaturesJSON: #"{"secret_signal": "\#($0)-signal"}"#)
            }
            #expect(try await store.predictionsLog.insert(batch, progress: BatchProgress(runID: run.runID, lastCustomerID: "c2")) == 1)
            #expect(try await store.customerData.export(customerID: "c1", actor: "dpo").rowCount == 0)
            #expect(try await store.customerData.export(customerID: "c2", actor: "dpo").counts["predictions_log"] == before + 2)
            #expect(try await Self.rowsMentioning(customerID: "c1", marker: "c1-signal", in: store) == [])
        }
    }

    /// Every table with a `customer_id` column is exported and erased, or named as handled apart.
    @Test(arguments: TestBackend.allCases)
    func everyTableNamingCustomersIsCovered(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let tables = try await store.database.withConnection { db -> [String] in
                switch store.database.dialect {
                case .sqlite:
                    let names = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.decode(column: "name", as: String.self) }
                    var withColumn: [String] = []
                    for name in names {
                        let column = try await db.raw("SELECT 1 AS present FROM pragma_table_info(\(bind: name)) WHERE name LIKE '%customer_id'").first()
                        if column != nil { withColumn.append(name) }
                    }
                    return withColumn
                case .postgres:
                    return try await db.raw("""
                        SELECT DISTINCT table_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND column_name LIKE '%customer_id'
                          AND table_name NOT IN (SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid)
                        """).all().map { try $0.decode(column: "table_name", as: String.self) }
                }
            }
            let covered = Set(CustomerDataTable.all.map(\.table)).union(CustomerDataTable.handledApart)
            #expect(!tables.isEmpty)
            #expect(Set(tables).subtracting(covered).sorted() == [])
        }
    }

    /// Rows (as JSON text) of every table in the database that mention the customer's id as a word
    /// anywhere (a value, a digest line, an idempotency key, an error message) or hold their
    /// feature marker.
    static func rowsMentioning(customerID: String, marker: String, in store: ChurnStore) async throws -> [String] {
        let dialect = store.database.dialect
        return try await store.database.withConnection { db in
            let tables: [String] = switch dialect {
            case .sqlite:
                try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            case .postgres:
                try await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").all()
                    .map { try $0.decode(column: "tablename", as: String.self) }
            }
            var found: [String] = []
            for table in tables {
                let rows = try await CustomerData.rows(of: table, where: "1 = 1", orderBy: "1", dialect: dialect, on: db)
                // Any mention as a word of its own (so not `c10` for `c1`), in a value, a key or free text.
                found += rows.filter { FreeTextRedaction.redacting(customerID, in: $0) != $0 || $0.contains(marker) }.map { "\(table): \($0)" }
            }
            return found
        }
    }
}
