import Crypto
import Foundation
import SQLKit

extension AuditLog {
    /// The text a program without a file (the built-in one) is recorded under.
    public static let builtInProgramText = "built-in"

    /// Records that `actor` took retention program `programID` into use, with the SHA-256 of its
    /// YAML `text` and where it came from, unless the program's last `program.load` line has the
    /// same digest. A program is edited as a file, outside ChurnGuard: this way the log shows each
    /// version of it once, when it was first used, rather than a line for every start.
    /// Returns whether a line was written.
    @discardableResult
    public func recordProgram(_ programID: String, text: String, source: String, actor: String, at now: Date = Date()) async throws -> Bool {
        let digest = Hex.lowercase(SHA256.hash(data: Data(text.utf8)))
        let target = "program:\(programID)"
        let dialect = database.dialect
        return try await database.withTransaction { db in
            let last = try await db.raw("""
                SELECT details FROM audit_log WHERE target = \(bind: target) AND action = 'program.load' ORDER BY id DESC LIMIT 1
                """).first().map { try $0.decode(column: "details", as: String.self) }
            let previous = try last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["sha256"] as? String
            guard previous != digest else { return false }
            let entry = AuditEntry(actor: actor, action: "program.load", target: target, at: now,
                                   detailsJSON: try Self.detailsJSON(["sha256": digest, "previous_sha256": previous, "source": source]))
            try Self.validate(entry)
            try await Self.append(entry, dialect: dialect, on: db)
            return true
        }
    }
}
