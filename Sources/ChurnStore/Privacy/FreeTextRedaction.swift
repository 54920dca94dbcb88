import Foundation
import SQLKit

/// Error messages kept with runs and deliveries may name a customer in passing ("features of
/// customer c1 …"). Erasure replaces each whole-word mention of the id with `[erased]` and keeps
/// the rest of the message, which the operator still needs.
struct FreeTextRedaction: Sendable {
    let table: String
    /// The row's primary key, read as text and matched cast back to its type, so the update finds
    /// the row by its index.
    let key: String
    let keyIsInteger: Bool
    let column: String

    static let all: [FreeTextRedaction] = [
        FreeTextRedaction(table: "batch_runs", key: "run_id", keyIsInteger: false, column: "error"),
        FreeTextRedaction(table: "job_runs", key: "run_id", keyIsInteger: false, column: "error"),
        FreeTextRedaction(table: "outbox_messages", key: "message_id", keyIsInteger: true, column: "last_error"),
    ]

    /// `key`'s column type on `dialect`: run ids are UUIDs on PostgreSQL and text on SQLite.
    func keyType(on dialect: SQLDialectKind) -> String {
        keyIsInteger ? dialect.bigintType : dialect.uuidType
    }

    /// Redacts `customerID` in every column of ``all``; returns how many values changed.
    static func redact(_ customerID: String, dialect: SQLDialectKind, on db: any SQLDatabase) async throws -> Int {
        var changed = 0
        for place in all {
            let contains: SQLQueryString = switch dialect {
            case .sqlite: "instr(\(unsafeRaw: place.column), \(bind: customerID)) > 0"
            case .postgres: "strpos(\(unsafeRaw: place.column), \(bind: customerID)) > 0"
            }
            let rows = try await db.raw("""
                SELECT CAST(\(unsafeRaw: place.key) AS TEXT) AS row_key, \(unsafeRaw: place.column) AS text FROM \(unsafeRaw: place.table) WHERE \(contains)
                """).all()
            for row in rows {
                let text = try row.decode(column: "text", as: String.self)
                let redacted = redacting(customerID, in: text)
                guard redacted != text else { continue }
                try await db.raw("""
                    UPDATE \(unsafeRaw: place.table) SET \(unsafeRaw: place.column) = \(bind: redacted)
                    WHERE \(unsafeRaw: place.key) = CAST(\(bind: try row.decode(column: "row_key", as: String.self)) AS \(unsafeRaw: place.keyType(on: dialect)))
                    """).run()
                changed += 1
            }
        }
        return changed
    }

    /// `text` with each mention of `customerID` that is a word of its own (not part of a longer id
    /// such as `c10` for `c1`) replaced by the erased placeholder.
    static func redacting(_ customerID: String, in text: String) -> String {
        guard !customerID.isEmpty else { return text }
        var result = ""
        var rest = text[...]
        while let found = rest.range(of: customerID) {
            let before = found.lowerBound > rest.startIndex ? rest[rest.index(before: found.lowerBound)] : nil
            let after = found.upperBound < rest.endIndex ? rest[found.upperBound] : nil
            result += rest[..<found.lowerBound]
            if isIdentifierCharacter(before) || isIdentifierCharacter(after) {
                result += rest[found]
            } else {
                result += CustomerData.erasedPlaceholder
            }
            rest = rest[found.upperBound...]
        }
        return result + rest
    }

    private static func isIdentifierCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_" || character == "-"
    }
}
