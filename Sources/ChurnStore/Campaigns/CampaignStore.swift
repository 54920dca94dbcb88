import Foundation
import SQLKit

/// Campaigns and their candidates (`campaigns`, `campaign_candidates`). A campaign and all of its
/// candidates are written in one transaction with an audit line and the campaign's delivery messages,
/// so a failed plan leaves nothing behind and a stored plan never lacks its messages.
public struct CampaignStore: Sendable {
    let database: StoreDatabase
    /// Seals candidates' reasons when the store has a data key.
    let cipher: FieldCipher

    /// 19 binds a row keeps a statement far under both engines' bind limits.
    static let rowsPerStatement = 500

    static let campaignColumns = "campaign_id, program_id, as_of, created_at, expires_at, created_by, candidates, holdout, summary"
    static let candidateColumns = """
        campaign_id, customer_id, program_id, as_of, risk_level, churn_probability, segment, offer_id, offer_type, \
        channel, route, lifetime_value, lift, cost, expected_value, priority, reasons, is_holdout, expires_at
        """

    /// Stores `campaign` with `candidates` (holdout included) and enqueues `messages` in the outbox,
    /// all in one transaction. Refuses an existing campaign id.
    public func create(_ campaign: CampaignRecord, candidates: [CandidateRecord], messages: [OutboxMessageDraft] = []) async throws {
        try Self.validate(campaign)
        try Outbox.validate(messages)
        for (index, candidate) in candidates.enumerated() {
            try Self.validate(candidate, index: index, campaignID: campaign.campaignID)
        }
        let dialect = database.dialect
        let cipher = cipher
        let storedReasons = try candidates.map { try cipher.seal($0.reasonsJSON, in: .candidateReasons, customerID: $0.customerID) }
        try await database.withTransaction { db in
            if try await db.raw("SELECT 1 AS present FROM campaigns WHERE campaign_id = \(bind: campaign.campaignID)").first() != nil {
                throw StoreError.campaignAlreadyExists(campaign.campaignID)
            }
            try await db.raw("""
                INSERT INTO campaigns (\(unsafeRaw: Self.campaignColumns))
                VALUES (\(bind: campaign.campaignID), \(bind: campaign.programID), \(bind: campaign.asOf), \(bind: campaign.createdAt), \
                \(bind: campaign.expiresAt), \(bind: campaign.createdBy), \(bind: campaign.candidates), \(bind: campaign.holdout), \
                \(dialect.json(campaign.summaryJSON)))
                """).run()
            var offset = 0
            while offset < candidates.count {
                let range = offset..<min(offset + Self.rowsPerStatement, candidates.count)
                try await db.raw(Self.insertStatement(candidates[range], reasons: storedReasons[range], sealed: cipher.encrypts, dialect: dialect)).run()
                offset += Self.rowsPerStatement
            }
            let details = try AuditLog.detailsJSON([
                "program": campaign.programID, "as_of": campaign.asOf,
                "candidates": String(campaign.candidates), "holdout": String(campaign.holdout),
            ])
            try await AuditLog.append(
                AuditEntry(actor: campaign.createdBy, action: "campaign.create", target: "campaign:\(campaign.campaignID)",
                           at: campaign.createdAt, detailsJSON: details),
                dialect: dialect, on: db)
            if !messages.isEmpty {
                try await Outbox.insert(messages, at: campaign.createdAt, dialect: dialect, on: db)
            }
        }
    }

    public func campaign(id: String) async throws -> CampaignRecord? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.campaignColumns) FROM campaigns WHERE campaign_id = \(bind: id)")
                .first().map(Self.decodeCampaign)
        }
    }

    /// Campaigns, newest first.
    public func list(limit: Int = 100, offset: Int = 0) async throws -> [CampaignRecord] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.campaignColumns) FROM campaigns
                ORDER BY created_at DESC, campaign_id LIMIT \(bind: limit) OFFSET \(bind: offset)
                """).all().map(Self.decodeCampaign)
        }
    }

    /// One page of a campaign's candidates, highest priority first; optionally one risk level, with or
    /// without the holdout.
    public func candidates(
        campaignID: String, riskLevel: String? = nil, includeHoldout: Bool = false, limit: Int = 100, offset: Int = 0
    ) async throws -> [CandidateRecord] {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.candidateColumns) FROM campaign_candidates WHERE campaign_id = \(bind: campaignID)"
            if let riskLevel { query += " AND risk_level = \(bind: riskLevel)" }
            if !includeHoldout { query += " AND is_holdout = 0" }
            query += " ORDER BY priority DESC, customer_id LIMIT \(bind: limit) OFFSET \(bind: offset)"
            return try await db.raw(query).all().map { try Self.decodeCandidate($0, cipher: cipher) }
        }
    }

    /// How many candidates `candidates(campaignID:riskLevel:includeHoldout:)` pages through.
    public func candidateCount(campaignID: String, riskLevel: String? = nil, includeHoldout: Bool = false) async throws -> Int {
        try await database.withConnection { db in
            var query: SQLQueryString = "SELECT COUNT(*) AS n FROM campaign_candidates WHERE campaign_id = \(bind: campaignID)"
            if let riskLevel { query += " AND risk_level = \(bind: riskLevel)" }
            if !includeHoldout { query += " AND is_holdout = 0" }
            return try await db.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Every candidate of a campaign, holdout included, in customer order.
    public func allCandidates(campaignID: String) async throws -> [CandidateRecord] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.candidateColumns) FROM campaign_candidates
                WHERE campaign_id = \(bind: campaignID) ORDER BY customer_id
                """).all().map { try Self.decodeCandidate($0, cipher: cipher) }
        }
    }

    /// The customer's most recent candidacy that has not expired at `at` (holdout included: the caller
    /// decides what a held-out customer is shown).
    public func activeCandidate(customerID: String, at: Date = Date()) async throws -> CandidateRecord? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.candidateColumns) FROM campaign_candidates
                WHERE customer_id = \(bind: customerID) AND expires_at > \(bind: at)
                ORDER BY as_of DESC, expires_at DESC LIMIT 1
                """).first().map { try Self.decodeCandidate($0, cipher: cipher) }
        }
    }

    /// Offers made in `programID` on snapshot dates in `[since, before)`, per customer (the holdout got none).
    public func offerHistory(programID: String, since: String, before: String) async throws -> [String: OfferHistory] {
        try StoreValidation.day(since, field: "since")
        try StoreValidation.day(before, field: "before")
        return try await database.withConnection { db in
            var history: [String: OfferHistory] = [:]
            for row in try await db.raw("""
                SELECT customer_id, MAX(as_of) AS last_day, COUNT(*) AS offers FROM campaign_candidates
                WHERE program_id = \(bind: programID) AND is_holdout = 0 AND as_of >= \(bind: since) AND as_of < \(bind: before)
                GROUP BY customer_id
                """).all() {
                history[try row.decode(column: "customer_id", as: String.self)] = OfferHistory(
                    lastOfferDay: try row.decode(column: "last_day", as: String.self),
                    offers: try row.decode(column: "offers", as: Int.self))
            }
            return history
        }
    }

    /// `reasons` are the rows' reasons as stored (sealed or not), index for index.
    static func insertStatement(
        _ rows: ArraySlice<CandidateRecord>, reasons: ArraySlice<String>, sealed: Bool, dialect: SQLDialectKind
    ) -> SQLQueryString {
        var values: [SQLQueryString] = []
        values.reserveCapacity(rows.count)
        for (c, reasons) in zip(rows, reasons) {
            values.append("""
                (\(bind: c.campaignID), \(bind: c.customerID), \(bind: c.programID), \(bind: c.asOf), \(bind: c.riskLevel), \
                \(bind: c.churnProbability), \(bind: c.segment), \(bind: c.offerID), \(bind: c.offerType), \(bind: c.channel), \
                \(bind: c.route), \(bind: c.lifetimeValue), \(bind: c.lift), \(bind: c.cost), \(bind: c.expectedValue), \
                \(bind: c.priority), \(dialect.jsonText(reasons, checked: sealed)), \(bind: c.isHoldout ? 1 : 0), \(bind: c.expiresAt))
                """)
        }
        return "INSERT INTO campaign_candidates (\(unsafeRaw: candidateColumns)) VALUES \(values.joined(separator: ", "))"
    }

    static func validate(_ campaign: CampaignRecord) throws {
        try StoreValidation.identifier(campaign.campaignID, field: "campaign_id", maxLength: 128)
        try StoreValidation.identifier(campaign.programID, field: "program_id", maxLength: 128)
        try StoreValidation.identifier(campaign.createdBy, field: "created_by", maxLength: 256)
        try StoreValidation.day(campaign.asOf, field: "as_of")
    }

    static func validate(_ candidate: CandidateRecord, index: Int, campaignID: String) throws {
        let field = { (name: String) in "candidates[\(index)].\(name)" }
        guard candidate.campaignID == campaignID else {
            throw StoreError.invalidValue(field: field("campaign_id"), reason: "'\(candidate.campaignID)' is not the campaign being stored ('\(campaignID)')")
        }
        try StoreValidation.identifier(candidate.customerID, field: field("customer_id"), maxLength: 128)
        try StoreValidation.identifier(candidate.segment, field: field("segment"), maxLength: 128)
        try StoreValidation.identifier(candidate.offerID, field: field("offer_id"), maxLength: 128)
        try StoreValidation.probability(candidate.churnProbability, field: field("churn_probability"))
        for (name, value) in [("lifetime_value", candidate.lifetimeValue), ("lift", candidate.lift), ("cost", candidate.cost),
                              ("expected_value", candidate.expectedValue), ("priority", candidate.priority)] where !value.isFinite {
            throw StoreError.invalidValue(field: field(name), reason: "\(value) is not a finite number")
        }
    }

    static func decodeCampaign(_ row: any SQLRow) throws -> CampaignRecord {
        CampaignRecord(
            campaignID: try row.decode(column: "campaign_id", as: String.self),
            programID: try row.decode(column: "program_id", as: String.self),
            asOf: try row.decode(column: "as_of", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            expiresAt: try row.decode(column: "expires_at", as: Date.self),
            createdBy: try row.decode(column: "created_by", as: String.self),
            candidates: try row.decode(column: "candidates", as: Int.self),
            holdout: try row.decode(column: "holdout", as: Int.self),
            summaryJSON: try row.decode(column: "summary", as: String.self))
    }

    /// A candidate row, its reasons opened.
    static func decodeCandidate(_ row: any SQLRow, cipher: FieldCipher) throws -> CandidateRecord {
        let customerID = try row.decode(column: "customer_id", as: String.self)
        return CandidateRecord(
            campaignID: try row.decode(column: "campaign_id", as: String.self),
            customerID: customerID,
            programID: try row.decode(column: "program_id", as: String.self),
            asOf: try row.decode(column: "as_of", as: String.self),
            riskLevel: try row.decode(column: "risk_level", as: String.self),
            churnProbability: try row.decode(column: "churn_probability", as: Double.self),
            segment: try row.decode(column: "segment", as: String.self),
            offerID: try row.decode(column: "offer_id", as: String.self),
            offerType: try row.decode(column: "offer_type", as: String.self),
            channel: try row.decode(column: "channel", as: String.self),
            route: try row.decode(column: "route", as: String.self),
            lifetimeValue: try row.decode(column: "lifetime_value", as: Double.self),
            lift: try row.decode(column: "lift", as: Double.self),
            cost: try row.decode(column: "cost", as: Double.self),
            expectedValue: try row.decode(column: "expected_value", as: Double.self),
            priority: try row.decode(column: "priority", as: Double.self),
            reasonsJSON: try cipher.open(try row.decode(column: "reasons", as: String.self), in: .candidateReasons, customerID: customerID),
            isHoldout: try row.decode(column: "is_holdout", as: Int.self) == 1,
            expiresAt: try row.decode(column: "expires_at", as: Date.self))
    }
}
