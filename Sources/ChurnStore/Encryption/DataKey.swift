import Crypto
import Foundation

/// One 256-bit data key and the id it is known by. The id is derived from the key (the first eight
/// bytes of an HMAC-SHA256 of a fixed label under it), so a stored value names the key that sealed
/// it, and the store can tell a wrong key from the right one without ever holding the key itself.
public struct DataKey: Sendable {
    let key: SymmetricKey
    /// 16 lowercase hex characters.
    public let id: String
    /// `id`'s UTF-8 bytes, as a binary sealed value holds them (compared for every value opened).
    let idBytes: [UInt8]

    static let byteCount = 32

    init(bytes: some ContiguousBytes) throws {
        let key = SymmetricKey(data: bytes)
        guard key.bitCount == Self.byteCount * 8 else {
            throw DataKeyError.wrongLength(bytes: key.bitCount / 8)
        }
        self.key = key
        let label = HMAC<SHA256>.authenticationCode(for: Data("churnguard data key id v1".utf8), using: key)
        id = Hex.lowercase(label.prefix(8))
        idBytes = Array(id.utf8)
    }

    /// A key written as base64 of its 32 bytes (what `churnguard keys generate` writes).
    init(base64 text: String, source: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed) else {
            throw DataKeyError.unusable(source: source, reason: "it is not base64 (expected the base64 of 32 random bytes, as `churnguard keys generate` writes)")
        }
        do {
            try self.init(bytes: bytes)
        } catch DataKeyError.wrongLength(let count) {
            throw DataKeyError.unusable(source: source, reason: "it decodes to \(count) bytes; AES-256 needs 32")
        }
    }

    /// A key file: base64 text, closed to others (anyone who can read it can read every encrypted
    /// column). Group read is allowed: Kubernetes mounts a Secret's files for the pod's group (0440).
    init(file path: String, source: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw DataKeyError.unusable(source: source, reason: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o007 == 0 else {
            throw DataKeyError.unusable(
                source: source,
                reason: "\(path) is readable by others (mode \(String(status.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)`")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataKeyError.unusable(source: source, reason: "cannot read \(path)")
        }
        try self.init(base64: String(decoding: data, as: UTF8.self), source: source)
    }

    /// A fresh random key, as base64 text.
    public static func generateBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
