import Crypto
import Foundation
import NIOCore

/// Seals and opens the values of encrypted columns (``EncryptedColumn``) with AES-256-GCM.
///
/// A sealed value has one of two forms (``SealedForm``):
/// - binary, for the snapshot and log columns on SQLite (a BLOB, ``StoredCell/bytes(_:)``):
///   `00 43 47 03`, the 16 hex characters of the key id, then nonce ‖ ciphertext ‖ tag of the
///   value's UTF-8 bytes as they are — 48 bytes more than the plain value, opened with one AES-GCM
///   open and no decoding;
/// - text, where a column holds only text (PostgreSQL's TEXT columns, the raw tables' cells):
///   `enc:v2:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`, where the plaintext is the value
///   deflated (a flag byte 1 and its length first) or, when that saves nothing, as it is (flag 0).
///   Deflating first keeps a sealed snapshot smaller than its JSON despite base64; what it reveals
///   is only the compressed length. `enc:v1:` values (not deflated) are still read.
///
/// The value's kind
/// (``EncryptedColumn/context``) and the row's customer are the additional authenticated data, so
/// a value copied into another column or another customer's row fails to open instead of being
/// read as theirs. Without keys (the store was never given one), values are stored and read as
/// they are.
public struct FieldCipher: Sendable {
    let keyring: DataKeyring?

    /// The cipher of a store without a data key: values pass through.
    public static let plaintext = FieldCipher(keyring: nil)
    static let prefix = "enc:v2:"
    /// `enc:vN:` + 16 hex characters of key id + `:`.
    static let headerLength = prefix.utf8.count + 17
    /// Shorter values are sealed as they are: deflating a logged prediction's reasons (about 340
    /// bytes) saved 90 bytes for more CPU than the bytes cost to write; snapshots (about 900
    /// bytes and more, opened at every read) shrink by half.
    static let deflateThreshold = 512

    init(keyring: DataKeyring?) {
        self.keyring = keyring
    }

    /// The cipher for the configured keys (``plaintext`` when none is).
    public init(keys: DataKeySource) throws {
        self.init(keyring: try keys.load())
    }

    /// Whether values written now are sealed.
    public var encrypts: Bool { keyring != nil }

    /// `text` sealed under the current key, or `text` itself when there is none.
    public func seal(_ text: String, in column: EncryptedColumn, customerID: String) throws -> String {
        guard let key = keyring?.current else { return text }
        let box = try Self.withContext(column, customerID) {
            try AES.GCM.seal(Self.packed(text), using: key.key, nonce: NoncePool.shared.next(), authenticating: $0)
        }
        // `combined` is nil only for nonces other than 12 bytes; `seal` makes 12-byte nonces.
        return Self.prefix + key.id + ":" + box.combined!.base64EncodedString()
    }

    /// How a sealed value is kept (see the type's documentation).
    public enum SealedForm: Sendable {
        case binary
        case text
    }

    /// The first bytes of a binary sealed value: a NUL (no column's text starts with one), `CG`
    /// and the format's version.
    static let binaryMagic: [UInt8] = [0, 0x43, 0x47, 3]
    /// The magic and the key id's 16 hex characters.
    static let binaryHeaderLength = binaryMagic.count + 16

    /// `text` sealed under the current key in `form`, or `text` itself when there is no key.
    public func seal(_ text: String, in column: EncryptedColumn, customerID: String, as form: SealedForm) throws -> StoredCell {
        guard let key = keyring?.current else { return .text(text) }
        guard form == .binary else { return .text(try seal(text, in: column, customerID: customerID)) }
        var text = text
        let box = try text.withUTF8 { plain in
            try Self.withContext(column, customerID) {
                try AES.GCM.seal(UnsafeRawBufferPointer(plain), using: key.key, nonce: NoncePool.shared.next(), authenticating: $0)
            }
        }
        // `combined` is nil only for nonces other than 12 bytes; `seal` makes 12-byte nonces.
        let combined = box.combined!
        var sealed = ByteBufferAllocator().buffer(capacity: Self.binaryHeaderLength + combined.count)
        sealed.writeBytes(Self.binaryMagic)
        sealed.writeBytes(key.idBytes)
        combined.withUnsafeBytes { _ = sealed.writeBytes($0) }
        return .bytes(sealed)
    }

    /// The text of a stored cell: opened when sealed (either form), as is when written before
    /// encryption began. A sealed value this process cannot open is an error, never text.
    public func open(_ stored: StoredCell, in column: EncryptedColumn, customerID: String) throws -> String {
        switch stored {
        case .text(let text):
            return try open(text, in: column, customerID: customerID)
        case .bytes(let bytes):
            return try bytes.withUnsafeReadableBytes { raw in
                guard raw.count >= Self.binaryHeaderLength + 28, raw.starts(with: Self.binaryMagic) else {
                    throw DataKeyError.cannotOpen(column: column.name, customerID: customerID)
                }
                let keyID = UnsafeRawBufferPointer(rebasing: raw[Self.binaryMagic.count..<Self.binaryHeaderLength])
                guard let key = keyring?.key(idBytes: keyID) else {
                    throw DataKeyError.unknownKey(keyID: String(decoding: keyID, as: UTF8.self), column: column.name)
                }
                guard let box = try? AES.GCM.SealedBox(combined: UnsafeRawBufferPointer(rebasing: raw[Self.binaryHeaderLength...])),
                      let plain = try? Self.withContext(column, customerID, { try AES.GCM.open(box, using: key.key, authenticating: $0) })
                else { throw DataKeyError.cannotOpen(column: column.name, customerID: customerID) }
                return String(decoding: plain, as: UTF8.self)
            }
        }
    }

    func open(_ stored: StoredCell?, in column: EncryptedColumn, customerID: String) throws -> String? {
        try stored.map { try open($0, in: column, customerID: customerID) }
    }

    /// Whether `stored` is a sealed value (of any key, either form).
    static func isSealed(_ stored: StoredCell) -> Bool {
        switch stored {
        case .text(let text): isSealed(text)
        case .bytes: true
        }
    }

    /// Whether `stored` was sealed under the current key in `form`, so it can be kept (rotation)
    /// or stored elsewhere in the same context (``EncryptedColumn/context``) as it is.
    func isSealedUnderCurrentKey(_ stored: StoredCell, form: SealedForm) -> Bool {
        switch (stored, form) {
        case (.text(let text), .text): return isSealedUnderCurrentKey(text)
        case (.bytes(let bytes), .binary):
            guard let key = keyring?.current else { return false }
            return bytes.withUnsafeReadableBytes { raw in
                raw.count >= Self.binaryHeaderLength && raw.starts(with: Self.binaryMagic)
                    && key.idBytes.elementsEqual(UnsafeRawBufferPointer(rebasing: raw[Self.binaryMagic.count..<Self.binaryHeaderLength]))
            }
        default: return false
        }
    }

    /// Whether rotation leaves `stored` as it is: sealed under the current key in `form`, or plain
    /// in a store without keys.
    func isCurrent(_ stored: StoredCell, form: SealedForm) -> Bool {
        keyring == nil ? !Self.isSealed(stored) : isSealedUnderCurrentKey(stored, form: form)
    }

    /// The plaintext of a v2 value: flag 1, the length (UInt32, little-endian) and the deflated
    /// bytes when that is shorter; else flag 0 and the bytes.
    static func packed(_ text: String) -> Data {
        var text = text
        return text.withUTF8 { bytes in
            if bytes.count >= deflateThreshold, bytes.count <= Int(UInt32.max),
               let deflated = Deflate.compress(UnsafeRawBufferPointer(bytes)), deflated.count + 5 < bytes.count {
                var packed = Data(capacity: deflated.count + 5)
                packed.append(1)
                withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { packed.append(contentsOf: $0) }
                packed.append(contentsOf: deflated)
                return packed
            }
            var packed = Data(capacity: bytes.count + 1)
            packed.append(0)
            packed.append(contentsOf: UnsafeRawBufferPointer(bytes))
            return packed
        }
    }

    /// The text a v2 plaintext holds, nil when it is not one.
    static func unpacked(_ plain: Data) -> String? {
        guard let flag = plain.first else { return nil }
        switch flag {
        case 0:
            return String(decoding: plain.dropFirst(), as: UTF8.self)
        case 1 where plain.count >= 5:
            let count = plain.dropFirst().prefix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            guard count <= 64 << 20 else { return nil }
            return plain.dropFirst(5).withUnsafeBytes { Deflate.decompress($0, count: count) }.map { String(decoding: $0, as: UTF8.self) }
        default:
            return nil
        }
    }

    func seal(_ text: String?, in column: EncryptedColumn, customerID: String) throws -> String? {
        try text.map { try seal($0, in: column, customerID: customerID) }
    }

    /// The text of a stored value: opened when sealed, as is when written before encryption began.
    /// A sealed value under a key this process lacks, or one that does not authenticate, is an
    /// error, never returned as text.
    public func open(_ stored: String, in column: EncryptedColumn, customerID: String) throws -> String {
        guard let keyring, Self.isSealed(stored) else { return stored }
        let utf8 = stored.utf8
        guard utf8.count > Self.headerLength else { throw DataKeyError.cannotOpen(column: column.name, customerID: customerID) }
        let idStart = utf8.index(utf8.startIndex, offsetBy: Self.prefix.utf8.count)
        let idEnd = utf8.index(idStart, offsetBy: 16)
        let keyID = String(stored[idStart..<idEnd])
        guard let key = keyring.key(id: keyID) else { throw DataKeyError.unknownKey(keyID: keyID, column: column.name) }
        guard stored[idEnd] == ":",
              let combined = Data(base64Encoded: String(stored[stored.index(after: idEnd)...])),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? Self.withContext(column, customerID, { try AES.GCM.open(box, using: key.key, authenticating: $0) })
        else { throw DataKeyError.cannotOpen(column: column.name, customerID: customerID) }
        if stored.utf8.starts(with: Self.legacyPrefix.utf8) { return String(decoding: plain, as: UTF8.self) }
        guard let text = Self.unpacked(plain) else { throw DataKeyError.cannotOpen(column: column.name, customerID: customerID) }
        return text
    }

    /// Sealed values before values were deflated: the plaintext is the text itself.
    static let legacyPrefix = "enc:v1:"

    func open(_ stored: String?, in column: EncryptedColumn, customerID: String) throws -> String? {
        try stored.map { try open($0, in: column, customerID: customerID) }
    }

    /// The key id a stored value names, nil for plain text.
    static func keyID(of stored: String) -> String? {
        guard isSealed(stored), stored.utf8.count > headerLength else { return nil }
        return String(stored.dropFirst(prefix.count).prefix(16))
    }

    /// The first bytes of a sealed file: `CGSEAL1 <key id>\n`, then nonce ‖ ciphertext ‖ tag.
    static let fileMagic = Array("CGSEAL1 ".utf8)

    /// A whole file's contents sealed under the current key (a spooled batch of predictions), or
    /// `data` itself without a key.
    public func sealFile(_ data: Data) throws -> Data {
        guard let key = keyring?.current else { return data }
        let box = try AES.GCM.seal(data, using: key.key, nonce: NoncePool.shared.next(), authenticating: Data(Self.fileMagic))
        var sealed = Data(Self.fileMagic)
        sealed.append(contentsOf: Array((key.id + "\n").utf8))
        sealed.append(box.combined!)
        return sealed
    }

    /// A file's contents: opened when sealed (``sealFile(_:)``), as they are when written without
    /// a key. `path` names the file in errors.
    public func openFile(_ data: Data, path: String) throws -> Data {
        guard data.starts(with: Self.fileMagic) else { return data }
        let header = Self.fileMagic.count + 17
        guard data.count > header else { throw DataKeyError.cannotOpenFile(path: path) }
        let keyID = String(decoding: data.dropFirst(Self.fileMagic.count).prefix(16), as: UTF8.self)
        guard let key = keyring?.key(id: keyID) else { throw DataKeyError.unknownFileKey(keyID: keyID, path: path) }
        guard let box = try? AES.GCM.SealedBox(combined: data.dropFirst(header)),
              let plain = try? AES.GCM.open(box, using: key.key, authenticating: Data(Self.fileMagic))
        else { throw DataKeyError.cannotOpenFile(path: path) }
        return plain
    }

    /// Whether `stored` is a sealed value (of any key).
    static func isSealed(_ stored: String) -> Bool {
        stored.utf8.starts(with: prefix.utf8) || stored.utf8.starts(with: legacyPrefix.utf8)
    }

    /// Whether `stored` was sealed under the current key, so it can be stored elsewhere in the
    /// same context (``EncryptedColumn/context``) as it is.
    func isSealedUnderCurrentKey(_ stored: String) -> Bool {
        guard let key = keyring?.current, Self.isSealed(stored) else { return false }
        return stored.utf8.dropFirst(Self.prefix.utf8.count).starts(with: (key.id + ":").utf8)
    }

    /// Runs `body` with what a sealed value is bound to besides the key — its kind, a NUL and the
    /// customer's id — built on the stack (values are sealed and opened for every scored customer).
    private static func withContext<T>(
        _ column: EncryptedColumn, _ customerID: String, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        var kind = column.context
        var id = customerID
        return try kind.withUTF8 { kind in
            try id.withUTF8 { id in
                try withUnsafeTemporaryAllocation(byteCount: kind.count + 1 + id.count, alignment: 1) { buffer in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(kind))
                    buffer[kind.count] = 0
                    UnsafeMutableRawBufferPointer(rebasing: buffer[(kind.count + 1)...]).copyMemory(from: UnsafeRawBufferPointer(id))
                    return try body(UnsafeRawBufferPointer(buffer))
                }
            }
        }
    }
}
