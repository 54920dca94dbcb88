import Foundation
import SQLKit

/// Which SQL engine a store talks to, and the handful of places where the two differ: column types in
/// the schema and how a JSON value is bound. Everything else is the same SQL text on both.
enum SQLDialectKind: Sendable, Equatable {
    case sqlite
    case postgres

    /// A point in time. SQLite keeps Unix seconds as a REAL (sqlite-nio binds `Date` that way and it sorts).
    var timestampType: String { self == .sqlite ? "REAL" : "TIMESTAMPTZ" }
    var jsonType: String { self == .sqlite ? "TEXT" : "JSONB" }
    var uuidType: String { self == .sqlite ? "TEXT" : "UUID" }
    var doubleType: String { self == .sqlite ? "REAL" : "DOUBLE PRECISION" }
    var bigintType: String { self == .sqlite ? "INTEGER" : "BIGINT" }
    /// An auto-assigned, ever-increasing row id (append order for the audit log and stage history).
    var identityPrimaryKey: String {
        self == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    }

    /// A bounded identifier column. PostgreSQL compares it bytewise (`COLLATE "C"`) like SQLite does, so
    /// keyset pagination and resume markers order customers identically on both engines.
    func keyType(_ length: Int) -> String {
        self == .sqlite ? "TEXT" : "VARCHAR(\(length)) COLLATE \"C\""
    }

    func varchar(_ length: Int) -> String { self == .sqlite ? "TEXT" : "VARCHAR(\(length))" }

    /// A UUID as the database keeps it: PostgreSQL's uuid type, or in SQLite the canonical lowercase
    /// text the API returns, so an id a client was given finds its row as written.
    func uuid(_ id: UUID) -> SQLQueryString {
        switch self {
        case .sqlite: "\(bind: id.uuidString.lowercased())"
        case .postgres: "\(bind: id)"
        }
    }

    /// Binds JSON text so that the database itself rejects malformed JSON on both engines:
    /// SQLite's `json()` validates and minifies, PostgreSQL's cast to JSONB parses.
    func json(_ text: String?) -> SQLQueryString {
        switch self {
        case .sqlite: "json(\(bind: text))"
        case .postgres: "CAST(\(bind: text) AS JSONB)"
        }
    }

    /// Binds a value of a column that may hold sealed text (``EncryptedColumn``, TEXT on both
    /// engines): plain JSON is validated by the database as ``json(_:)`` does and stored as text,
    /// unless it is `checked` already (a sealed value, its JSON checked before sealing, or JSON the
    /// caller vouches for), which is stored as it is.
    func jsonText(_ text: String?, checked: Bool) -> SQLQueryString {
        if checked { return "\(bind: text)" }
        switch self {
        case .sqlite: return "json(\(bind: text))"
        case .postgres: return "CAST(CAST(\(bind: text) AS JSONB) AS TEXT)"
        }
    }

    /// ``jsonText(_:checked:)`` for an expression already in the statement (an `UNNEST` column).
    func jsonText(expression: String, checked: Bool) -> String {
        checked ? expression : self == .sqlite ? "json(\(expression))" : "CAST(CAST(\(expression) AS JSONB) AS TEXT)"
    }

    /// Starts a write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`), so two
    /// writers queue on the busy timeout instead of failing when a read lock would need upgrading.
    var beginWriteTransaction: String { self == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// The most bind parameters one statement may carry (SQLite's default limit is 32766, PostgreSQL's 65535);
    /// bulk statements stay well below both.
    static let maxBindsPerStatement = 16_000
}
