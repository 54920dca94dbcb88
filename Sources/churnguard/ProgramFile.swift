import ArgumentParser
import ChurnDecisions
import ChurnStore
import Foundation

/// A retention program as a command takes it: the program, and the text and file it came from,
/// which the audit log records (a `program.load` line whenever the program's content changed).
struct ProgramFile {
    let program: RetentionProgram
    let text: String
    let source: String

    /// The file at `path`, or the built-in program without one.
    static func load(_ path: String?) throws -> ProgramFile {
        guard let path else { return ProgramFile(program: .default, text: AuditLog.builtInProgramText, source: "built-in") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the program file \(path)")
        }
        do {
            return ProgramFile(program: try RetentionProgram(yaml: text), text: text, source: (path as NSString).standardizingPath)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// Records in the audit log that `actor` uses this program (a line only for a new version).
    func audit(in store: ChurnStore, actor: String) async throws {
        try await store.auditLog.recordProgram(program.programID, text: text, source: source, actor: actor)
    }
}
