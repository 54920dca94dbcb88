import Foundation
import SQLKit

/// The predictions log (`predictions_log`): append-only, the source of truth for deduplication and
/// delivery. Batch predictions are idempotent on (customer, as_of, model version, served_by), so a
/// re-run or a resumed run logs each prediction once.
public struct PredictionsLog: Sendable {
    let database: StoreDatabase
    /// Erased customers' predictions are not logged, also when they were made (or spooled) before
    /// the erase and reach the log after it.
    let erasureList: ErasureList
    /// Seals `inference_features` and `reasons` when the store has a data key.
    let cipher: FieldCipher

    /// Rows per multi-row VALUES statement (SQLite): 14 binds a row keeps a statement far under the
    /// bind limit. PostgreSQL binds a page as arrays instead (`PredictionsLog+PostgresBulk`).
    static let rowsPerStatement = 500

    static let columns = """
        prediction_id, customer_id, prediction_timestamp, churn_probability, churn_risk_level, model_version, \
        inference_features, webhook_status, as_of, served_by, trace_id, raw_probability, top_churn_feature, reasons
        """

    /// Logs `records` in one transaction, skipping any already logged (same prediction id, or same
    /// customer, as_of, model version and role). Returns how many were new. With `progress`, the batch
    /// run's resume marker and scored count advance in the same transaction, so a crash never leaves
    /// them disagreeing with the log. With `jsonIsValid`, the caller vouches that `inferenceFeaturesJSON`
    /// and `reasonsJSON` are valid, minified JSON (a batch run's features as read back from the online
    /// store, reasons from a JSON writer), and the database stores them without parsing them again.
    /// With `predecessor`, the transaction waits for it (the previous page's write) before it
    /// moves the marker, so pages written at once still move the marker in page order and a
    /// crash never leaves it past a page that was not committed.
    @discardableResult
    public func insert(
        _ records: [PredictionRecord], progress: BatchProgress? = nil, jsonIsValid: Bool = false,
        after predecessor: (@Sendable () async throws -> Void)? = nil
    ) async throws -> Int {
        for (index, record) in records.enumerated() { try record.validate(index: index) }
        let records = try sealed(records, jsonIsValid: jsonIsValid)
        let sealed = cipher.encrypts
        let dialect = database.dialect
        let perStatement = dialect == .postgres ? Self.rowsPerUnnestStatement : Self.rowsPerStatement
        // Best effort: a month left without its partition still takes rows, in the default one.
        try? await PredictionsLogPartitions(database: database).ensure(for: records)
        let list = erasureList
        return try await database.withTransaction { db in
            let records = try await list.withoutErased(records, customerID: { $0.customerID }, on: db)
            var inserted = 0
            var offset = 0
            while offset < records.count {
                var rows = records[offset..<min(offset + perStatement, records.count)]
                if dialect == .postgres {
                    rows = try await Self.claimBatchKeys(rows, on: db)
                    if rows.isEmpty { offset += perStatement; continue }  // every key taken already
                    inserted += try await db.raw(Self.unnestInsertStatement(rows, counting: true, sealed: sealed, jsonIsValid: jsonIsValid)).first()?.decode(column: "n", as: Int.self) ?? 0
                } else {
                    inserted += try await db.raw(Self.insertStatement(rows, dialect: dialect, jsonIsValid: jsonIsValid, sealed: sealed)).all().count
                }
                offset += perStatement
            }
            try await predecessor?()
            if let progress {
                try await BatchRunLog.advance(progress, scored: inserted, on: db)
            }
            return inserted
        }
    }

    /// How many ``insert(_:progress:jsonIsValid:after:)`` transactions can usefully run at once:
    /// PostgreSQL writes each on its own backend (two pages at once use two of the server's cores);
    /// SQLite has one writer, and a second transaction waiting on it would hold its caller.
    public var concurrentWriters: Int { database.dialect == .postgres ? 2 : 1 }

    /// Logs served predictions (new ids, nothing to count): as ``insert(_:progress:jsonIsValid:after:)``
    /// but as one statement, atomic by itself (no BEGIN/COMMIT round trips), and without reading
    /// back which rows were new (a hop per row): the online writer's commits are small and on every
    /// request's path.
    public func append(_ records: [PredictionRecord], jsonIsValid: Bool = false) async throws {
        let dialect = database.dialect
        // Batch rows on PostgreSQL claim their keys first (`PredictionsLog+BatchKeys`): a transaction.
        guard records.count <= (dialect == .postgres ? Self.rowsPerUnnestStatement : Self.rowsPerStatement),
              dialect == .sqlite || records.allSatisfy({ $0.asOf == nil }) else {
            _ = try await insert(records, jsonIsValid: jsonIsValid)
            return
        }
        for (index, record) in records.enumerated() { try record.validate(index: index) }
        let records = try sealed(records, jsonIsValid: jsonIsValid)
        let sealed = cipher.encrypts
        try? await PredictionsLogPartitions(database: database).ensure(for: records)
        let erasureKeys = try erasureList.keys(for: records.map(\.customerID))
        try await database.withWriteStatement { db in
            let statement = dialect == .postgres
                ? Self.unnestInsertStatement(records[...], counting: false, sealed: sealed, jsonIsValid: jsonIsValid, erasureKeys: erasureKeys)
                : Self.insertStatement(records[...], dialect: dialect, jsonIsValid: jsonIsValid, sealed: sealed, returning: false,
                                       erasureKeys: erasureKeys)
            try await db.raw(statement).run()
        }
    }

    /// `records` with their features and reasons sealed (``PredictionRecord/storedInferenceFeatures``,
    /// ``PredictionRecord/storedReasons``), when the store has a key; their JSON is checked first
    /// unless the caller vouches for it (the database cannot check sealed values).
    func sealed(_ records: [PredictionRecord], jsonIsValid: Bool) throws -> [PredictionRecord] {
        // A plain store writes the JSON and ignores any sealed value a record carries.
        guard cipher.encrypts else { return records }
        let featuresForm = EncryptedColumn.inferenceFeatures.sealedForm(on: database.dialect)
        let reasonsForm = EncryptedColumn.reasons.sealedForm(on: database.dialect)
        var records = records
        for index in records.indices {
            // Sealed on the caller's threads already (batch scoring): kept without a copy.
            if let features = records[index].sealedInferenceFeatures, cipher.isSealedUnderCurrentKey(features, form: featuresForm),
               records[index].reasonsJSON == nil
                || records[index].sealedReasons.map({ cipher.isSealedUnderCurrentKey($0, form: reasonsForm) }) == true {
                continue
            }
            if !jsonIsValid {
                try JSONText.validate(records[index].inferenceFeaturesJSON, field: "predictions[\(index)].inference_features")
                if let reasons = records[index].reasonsJSON { try JSONText.validate(reasons, field: "predictions[\(index)].reasons") }
            }
            records[index] = try sealing(records[index])
        }
        return records
    }

    /// `record` with its features and reasons sealed as this log stores them (when the store has a
    /// key), so a caller can seal on its own threads: the log then writes the sealed values as
    /// they are. Seal last: a change to the record's JSON afterwards is not sealed again.
    public func sealing(_ record: PredictionRecord) throws -> PredictionRecord {
        var record = record
        guard cipher.encrypts else {
            record.sealedInferenceFeatures = nil
            record.sealedReasons = nil
            return record
        }
        let featuresForm = EncryptedColumn.inferenceFeatures.sealedForm(on: database.dialect)
        // Batch scoring's snapshot as the online store keeps it (the same customer and kind) is kept.
        if record.sealedInferenceFeatures.map({ !cipher.isSealedUnderCurrentKey($0, form: featuresForm) }) ?? true {
            record.sealedInferenceFeatures = try cipher.seal(
                record.inferenceFeaturesJSON, in: .inferenceFeatures, customerID: record.customerID, as: featuresForm)
        }
        let reasonsForm = EncryptedColumn.reasons.sealedForm(on: database.dialect)
        if let reasons = record.reasonsJSON, record.sealedReasons.map({ !cipher.isSealedUnderCurrentKey($0, form: reasonsForm) }) ?? true {
            record.sealedReasons = try cipher.seal(reasons, in: .reasons, customerID: record.customerID, as: reasonsForm)
        } else if record.reasonsJSON == nil {
            record.sealedReasons = nil
        }
        return record
    }

    /// With `erasureKeys` (the rows' erasure-list keys, index for index), rows of listed customers
    /// are left out by the statement itself.
    static func insertStatement(
        _ rows: ArraySlice<PredictionRecord>, dialect: SQLDialectKind, jsonIsValid: Bool = false, sealed: Bool, returning: Bool = true,
        erasureKeys: [String]? = nil
    ) -> SQLQueryString {
        var values: [SQLQueryString] = []
        values.reserveCapacity(rows.count)
        // Sealed values, and JSON the caller vouches for, are stored as bound.
        let json: (String?) -> SQLQueryString = jsonIsValid
            ? { "\(bind: $0)" }
            : { dialect.jsonText($0, checked: false) }
        let features: (PredictionRecord) -> SQLQueryString = sealed ? { "\(bind: $0.storedInferenceFeatures)" } : { json($0.inferenceFeaturesJSON) }
        let reasons: (PredictionRecord) -> SQLQueryString = sealed ? { "\(bind: $0.storedReasons)" } : { json($0.reasonsJSON) }
        for (index, r) in rows.enumerated() {
            let key: SQLQueryString = erasureKeys.map { ", \(bind: $0[index])" } ?? ""
            values.append("""
                (\(dialect.uuid(r.predictionID)), \(bind: r.customerID), \(bind: r.predictionTimestamp), \(bind: r.churnProbability), \
                \(bind: r.churnRiskLevel), \(bind: r.modelVersion), \(features(r)), \(bind: r.webhookStatus), \
                \(bind: r.asOf), \(bind: r.servedBy.rawValue), \(bind: r.traceID), \(bind: r.rawProbability), \(bind: r.topChurnFeature), \
                \(reasons(r))\(key))
                """)
        }
        let returned = returning ? " RETURNING prediction_id" : ""
        guard erasureKeys != nil else {
            return """
                INSERT INTO predictions_log (\(unsafeRaw: columns))
                VALUES \(values.joined(separator: ", "))
                ON CONFLICT DO NOTHING\(unsafeRaw: returned)
                """
        }
        // A VALUES list as a subquery names its columns column1, column2, …; the 15th is the key.
        let selected = (1...14).map { "column\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO predictions_log (\(unsafeRaw: columns))
            SELECT \(unsafeRaw: selected) FROM (VALUES \(values.joined(separator: ", "))) AS v
            WHERE NOT EXISTS (SELECT 1 FROM erased_customers e WHERE e.customer_key = v.column15)
            ON CONFLICT DO NOTHING\(unsafeRaw: returned)
            """
    }

    /// The customer's most recent prediction that was served (production or canary), or with
    /// `includeShadow` any role.
    public func latest(customerID: String, includeShadow: Bool = false) async throws -> PredictionRecord? {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM predictions_log WHERE customer_id = \(bind: customerID)"
            if !includeShadow { query += " AND served_by <> 'shadow'" }
            query += " ORDER BY prediction_timestamp DESC LIMIT 1"
            return try await db.raw(query).first().map(decode)
        }
    }

    /// The customer's predictions, newest first, every role.
    public func history(customerID: String, limit: Int = 100) async throws -> [PredictionRecord] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM predictions_log
                WHERE customer_id = \(bind: customerID)
                ORDER BY prediction_timestamp DESC LIMIT \(bind: limit)
                """).all().map(decode)
        }
    }

    public func prediction(id: UUID) async throws -> PredictionRecord? {
        let dialect = database.dialect
        return try await database.withConnection { db in
            // Rows written before ids were stored lowercase hold uppercase text in SQLite.
            let legacy: SQLQueryString = dialect == .sqlite ? " OR prediction_id = \(bind: id.uuidString)" : ""
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM predictions_log WHERE prediction_id = \(dialect.uuid(id))\(legacy)")
                .first().map(decode)
        }
    }

    /// How many predictions were logged for a snapshot date, optionally for one model version and role.
    public func count(asOf: String, modelVersion: String? = nil, servedBy: ServedBy? = nil) async throws -> Int {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT COUNT(*) AS n FROM predictions_log WHERE as_of = \(bind: asOf)"
            if let modelVersion { query += " AND model_version = \(bind: modelVersion)" }
            if let servedBy { query += " AND served_by = \(bind: servedBy.rawValue)" }
            return try await db.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    func decode(_ row: any SQLRow) throws -> PredictionRecord {
        let customerID = try row.decode(column: "customer_id", as: String.self)
        return PredictionRecord(
            predictionID: try row.decode(column: "prediction_id", as: UUID.self),
            customerID: customerID,
            predictionTimestamp: try row.decode(column: "prediction_timestamp", as: Date.self),
            asOf: try row.decode(column: "as_of", as: String?.self),
            churnProbability: try row.decode(column: "churn_probability", as: Double.self),
            churnRiskLevel: try row.decode(column: "churn_risk_level", as: String.self),
            modelVersion: try row.decode(column: "model_version", as: String.self),
            servedBy: try ServedBy(parsing: try row.decode(column: "served_by", as: String.self)),
            traceID: try row.decode(column: "trace_id", as: String?.self),
            rawProbability: try row.decode(column: "raw_probability", as: Double?.self),
            topChurnFeature: try row.decode(column: "top_churn_feature", as: String?.self),
            reasonsJSON: try cipher.open(try row.decode(column: "reasons", as: StoredCell?.self), in: .reasons, customerID: customerID),
            inferenceFeaturesJSON: try cipher.open(
                try row.decode(column: "inference_features", as: StoredCell.self), in: .inferenceFeatures, customerID: customerID),
            webhookStatus: try row.decode(column: "webhook_status", as: String.self)
        )
    }
}
