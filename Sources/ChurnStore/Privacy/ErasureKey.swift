import Crypto
import Foundation
import Synchronization

/// The secret the erasure list hashes customer ids under: 32 random bytes in `HOME/erasure-key`
/// (mode 0600, made on first erasure) or the file `CHURNGUARD_ERASURE_KEY_FILE` names. It lives
/// outside the database, so a copy of the database alone cannot test guessed ids against the
/// list; processes sharing a PostgreSQL store share the home (as they share `bundles/`), and
/// backups carry the file.
struct ErasureKey: Sendable {
    let key: SymmetricKey

    static let fileName = "erasure-key"
    static let byteCount = 32

    /// The key's file: the environment's, else the home's.
    static func path(home: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["CHURNGUARD_ERASURE_KEY_FILE"] ?? (home as NSString).appendingPathComponent(fileName)
    }

    /// Reads the key, making it first when `create` and there is none. Two processes making it at
    /// once agree: the file is created exclusively, and the loser reads the winner's.
    static func load(home: String, create: Bool) throws -> ErasureKey {
        let path = path(home: home)
        if create, !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor >= 0 {
                var bytes = [UInt8](repeating: 0, count: byteCount)
                var generator = SystemRandomNumberGenerator()
                for index in bytes.indices { bytes[index] = generator.next() }
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, byteCount) }
                fsync(descriptor)
                close(descriptor)
                guard written == byteCount else { throw StoreError.erasureKeyUnusable(path: path, reason: "could not write it") }
            } else if errno != EEXIST {
                throw StoreError.erasureKeyUnusable(path: path, reason: String(cString: strerror(errno)))
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.erasureKeyUnusable(path: path, reason: "it is missing; customers were erased under a key this process cannot read")
        }
        guard data.count >= byteCount else {
            throw StoreError.erasureKeyUnusable(path: path, reason: "it holds \(data.count) bytes, at least \(byteCount) are needed")
        }
        return ErasureKey(key: SymmetricKey(data: data))
    }

    /// Per home, the key's file and the key once read: a key never changes once made, and the log
    /// consults it on every commit (reading the environment alone costs more than the HMAC).
    private static let loaded = Mutex<[String: (path: String, key: ErasureKey?)]>([:])

    /// The key when its file exists (read once per process), nil when it does not (yet).
    static func existing(home: String) throws -> ErasureKey? {
        let known = loaded.withLock { $0[home] }
        if let key = known?.key { return key }
        let path = known?.path ?? path(home: home)
        guard FileManager.default.fileExists(atPath: path) else {
            if known == nil { loaded.withLock { $0[home] = (path, nil) } }
            return nil
        }
        let key = try load(home: home, create: false)
        loaded.withLock { $0[home] = (path, key) }
        return key
    }

    /// The list's key for a customer id: lowercase hex of HMAC-SHA256(key, id).
    func customerKey(_ customerID: String) -> String {
        Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Data(customerID.utf8), using: key))
    }
}
