import ChurnStore
import Foundation

/// Durable local overflow for the predictions log while the database is away: each batch is one
/// file of JSON lines, written to a temporary name, fsynced, then renamed, so a file that exists
/// is complete. Replay reads files oldest first and deletes each once the database has it.
public struct PredictionSpool: Sendable {
    public let directory: String
    /// Seals each file when the store has a data key: a spooled batch holds customers' features
    /// and reasons, as the log does.
    let cipher: FieldCipher

    public init(directory: String, cipher: FieldCipher = .plaintext) throws {
        self.directory = directory
        self.cipher = cipher
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public func write(_ entries: [PredictionLogEntry]) throws {
        var data = Data()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        for entry in entries {
            data.append(try encoder.encode(entry))
            data.append(0x0A)
        }
        data = try cipher.sealFile(data)
        let name = String(format: "%020llu-%@", UInt64(Date().timeIntervalSince1970 * 1e6), UUID().uuidString)
        let temporary = (directory as NSString).appendingPathComponent(".\(name).tmp")
        let final = (directory as NSString).appendingPathComponent("\(name).jsonl")
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: final)
    }

    /// Spooled batch files, oldest first.
    public func files() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    public func read(_ path: String) throws -> [PredictionLogEntry] {
        let data = try cipher.openFile(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try data.split(separator: 0x0A).map { try decoder.decode(PredictionLogEntry.self, from: Data($0)) }
    }

    /// Moves a batch that cannot be replayed to `rejected/` beside the spool; returns its new path.
    @discardableResult
    public func setAside(_ path: String) -> String? {
        let rejected = (directory as NSString).appendingPathComponent("rejected")
        let target = (rejected as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        do {
            try FileManager.default.createDirectory(atPath: rejected, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: path, toPath: target)
            return target
        } catch {
            return nil
        }
    }

    /// Entries waiting in the spool.
    public func pendingCount() -> Int {
        files().reduce(0) { count, path in count + ((try? read(path).count) ?? 0) }
    }
}
