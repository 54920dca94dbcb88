import Foundation
import SQLKit

/// Retention outcomes fed back for campaign customers (`retention_outcomes`). Recording is idempotent
/// by outcome id; an outcome must name a customer the campaign planned (candidate or holdout), and a
/// customer has one outcome per campaign.
public struct OutcomeLog: Sendable {
    let database: StoreDatabase
    /// Seals the outcome's notes when the store has a data key.
    let cipher: FieldCipher

    static let columns = "outcome_id, campaign_id, customer_id, retained, observed_at, recorded_at, recorded_by, notes"

    /// Records `outcome`, or finds it already recorded. Throws `campaignNotFound`, `customerNotInCampaign`
    /// or `outcomeConflict` (same id with other content, or another outcome for the customer) without writing.
    @discardableResult
    public func record(_ outcome: OutcomeRecord) async throws -> OutcomeRecording {
        try StoreValidation.identifier(outcome.outcomeID, field: "outcome_id", maxLength: 128)
        try StoreValidation.identifier(outcome.campaignID, field: "campaign_id", maxLength: 128)
        try StoreValidation.identifier(outcome.customerID, field: "customer_id", maxLength: 128)
        try StoreValidation.identifier(outcome.recordedBy, field: "recorded_by", maxLength: 256)
        if let problem = OutcomeRecord.notesProblem(outcome.notes) { throw StoreError.invalidValue(field: "notes", reason: problem) }
        let cipher = cipher
        let notes = try cipher.seal(outcome.notes, in: .outcomeNotes, customerID: outcome.customerID)
        return try await database.withTransaction { db in
            if let existing = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM retention_outcomes WHERE outcome_id = \(bind: outcome.outcomeID)")
                .first().map({ try Self.decode($0, cipher: cipher) }) {
                guard existing.sameOutcome(as: outcome) else {
                    throw StoreError.outcomeConflict(
                        outcomeID: outcome.outcomeID,
                        reason: "it was recorded for customer \(existing.customerID) of campaign \(existing.campaignID) as \(existing.retained ? "retained" : "churned")")
                }
                return .alreadyRecorded
            }
            if try await db.raw("SELECT 1 AS present FROM campaigns WHERE campaign_id = \(bind: outcome.campaignID)").first() == nil {
                throw StoreError.campaignNotFound(outcome.campaignID)
            }
            if try await db.raw("""
                SELECT 1 AS present FROM campaign_candidates
                WHERE campaign_id = \(bind: outcome.campaignID) AND customer_id = \(bind: outcome.customerID)
                """).first() == nil {
                throw StoreError.customerNotInCampaign(customerID: outcome.customerID, campaignID: outcome.campaignID)
            }
            if let other = try await db.raw("""
                SELECT outcome_id FROM retention_outcomes
                WHERE campaign_id = \(bind: outcome.campaignID) AND customer_id = \(bind: outcome.customerID)
                """).first() {
                let otherID = try other.decode(column: "outcome_id", as: String.self)
                throw StoreError.outcomeConflict(
                    outcomeID: outcome.outcomeID,
                    reason: "customer \(outcome.customerID) of campaign \(outcome.campaignID) already has outcome \(otherID)")
            }
            try await db.raw("""
                INSERT INTO retention_outcomes (\(unsafeRaw: Self.columns))
                VALUES (\(bind: outcome.outcomeID), \(bind: outcome.campaignID), \(bind: outcome.customerID), \
                \(bind: outcome.retained ? 1 : 0), \(bind: outcome.observedAt), \(bind: outcome.recordedAt), \(bind: outcome.recordedBy), \
                \(bind: notes))
                """).run()
            return .recorded
        }
    }

    /// Outcomes joined to their candidates, for one campaign or for every campaign of a program (or all).
    public func outcomes(campaignID: String? = nil, programID: String? = nil) async throws -> [CandidateOutcome] {
        try await database.withConnection { db in
            let candidateColumns = CampaignStore.candidateColumns.split(separator: ",")
                .map { "c." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: candidateColumns), o.outcome_id, o.retained, o.observed_at, o.recorded_at, o.recorded_by, o.notes
                FROM retention_outcomes o
                JOIN campaign_candidates c ON c.campaign_id = o.campaign_id AND c.customer_id = o.customer_id
                WHERE 1 = 1
                """
            if let campaignID { query += " AND o.campaign_id = \(bind: campaignID)" }
            if let programID { query += " AND c.program_id = \(bind: programID)" }
            query += " ORDER BY o.recorded_at, o.outcome_id"
            return try await db.raw(query).all().map { row in
                let candidate = try CampaignStore.decodeCandidate(row, cipher: cipher)
                let outcome = OutcomeRecord(
                    outcomeID: try row.decode(column: "outcome_id", as: String.self),
                    campaignID: candidate.campaignID, customerID: candidate.customerID,
                    retained: try row.decode(column: "retained", as: Int.self) == 1,
                    observedAt: try row.decode(column: "observed_at", as: Date.self),
                    recordedAt: try row.decode(column: "recorded_at", as: Date.self),
                    recordedBy: try row.decode(column: "recorded_by", as: String.self),
                    notes: try cipher.open(try row.decode(column: "notes", as: String?.self), in: .outcomeNotes, customerID: candidate.customerID))
                return CandidateOutcome(candidate: candidate, outcome: outcome)
            }
        }
    }

    static func decode(_ row: any SQLRow, cipher: FieldCipher) throws -> OutcomeRecord {
        let customerID = try row.decode(column: "customer_id", as: String.self)
        return OutcomeRecord(
            outcomeID: try row.decode(column: "outcome_id", as: String.self),
            campaignID: try row.decode(column: "campaign_id", as: String.self),
            customerID: customerID,
            retained: try row.decode(column: "retained", as: Int.self) == 1,
            observedAt: try row.decode(column: "observed_at", as: Date.self),
            recordedAt: try row.decode(column: "recorded_at", as: Date.self),
            recordedBy: try row.decode(column: "recorded_by", as: String.self),
            notes: try cipher.open(try row.decode(column: "notes", as: String?.self), in: .outcomeNotes, customerID: customerID))
    }
}
