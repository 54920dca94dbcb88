import Crypto
import Foundation

/// File work shared by backup and restore: SHA-256 of a file read in chunks, copying a directory's
/// regular files, listing a tree's files relative to its root.
enum BackupFiles {
    static func sha256(of path: String) throws -> (digest: String, bytes: Int) {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }

    /// Regular files under `root` (recursively), relative and sorted; temporary files (`.name.tmp`,
    /// a spool batch being written) are left out.
    static func files(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("."), name.hasSuffix(".tmp") { continue }
            var isDirectory: ObjCBool = false
            let full = (root as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    /// Copies `relative` from `source` to `target`, creating directories (0700) on the way. A file
    /// that vanished meanwhile (a spool batch replayed and deleted) is skipped: returns false.
    @discardableResult
    static func copy(_ relative: String, from source: String, to target: String) throws -> Bool {
        let from = (source as NSString).appendingPathComponent(relative)
        let to = (target as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            try FileManager.default.copyItem(atPath: from, toPath: to)
        } catch where !FileManager.default.fileExists(atPath: from) {
            return false
        }
        return true
    }
}
