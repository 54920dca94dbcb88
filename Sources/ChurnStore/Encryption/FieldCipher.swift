import Crypto
import Foundation

/// Seals and opens the values of encrypted columns (``EncryptedColumn``) with AES-256-GCM.
///
/// A sealed value is text, so it fits the same column on both engines:
/// `enc:v1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`. The column and the row's customer are the
/// additional authenticated data, so a value copied into another column or another customer's row
/// fails to open instead of being read as theirs. Without keys (the store was never given one),
/// values are stored and read as they are.
public struct FieldCipher: Sendable {
    let keyring: DataKeyring?

    /// The cipher of a store without a data key: values pass through.
    public static let plaintext = FieldCipher(keyring: nil)
    static let prefix = "enc:v1:"
    /// `enc:v1:` + 16 hex characters of key id + `:`.
    static let headerLength = prefix.utf8.count + 17

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
        let box = try AES.GCM.seal(Data(text.utf8), using: key.key, nonce: NoncePool.shared.next(), authenticating: Self.context(column, customerID))
        // `combined` is nil only for nonces other than 12 bytes; `seal` makes 12-byte nonces.
        return Self.prefix + key.id + ":" + box.combined!.base64EncodedString()
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
              let plain = try? AES.GCM.open(box, using: key.key, authenticating: Self.context(column, customerID))
        else { throw DataKeyError.cannotOpen(column: column.name, customerID: customerID) }
        return String(decoding: plain, as: UTF8.self)
    }

    func open(_ stored: String?, in column: EncryptedColumn, customerID: String) throws -> String? {
        try stored.map { try open($0, in: column, customerID: customerID) }
    }

    /// Whether `stored` is already sealed under the current key (rotation skips it).
    func isCurrent(_ stored: String) -> Bool {
        keyring == nil ? !Self.isSealed(stored) : isSealedUnderCurrentKey(stored)
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
        guard data.count > header else { throw DataKeyError.cannotOpen(column: "file \(path)", customerID: "-") }
        let keyID = String(decoding: data.dropFirst(Self.fileMagic.count).prefix(16), as: UTF8.self)
        guard let key = keyring?.key(id: keyID) else { throw DataKeyError.unknownKey(keyID: keyID, column: "file \(path)") }
        guard let box = try? AES.GCM.SealedBox(combined: data.dropFirst(header)),
              let plain = try? AES.GCM.open(box, using: key.key, authenticating: Data(Self.fileMagic))
        else { throw DataKeyError.cannotOpen(column: "file \(path)", customerID: "-") }
        return plain
    }

    /// Whether `stored` is a sealed value (of any key).
    static func isSealed(_ stored: String) -> Bool {
        stored.utf8.starts(with: prefix.utf8)
    }

    /// The key id a stored value names, nil for plain text.
    static func keyID(of stored: String) -> String? {
        guard isSealed(stored), stored.utf8.count > headerLength else { return nil }
        return String(stored.dropFirst(prefix.count).prefix(16))
    }

    /// Whether `stored` was sealed under the current key, so it can be stored elsewhere in the
    /// same context (``EncryptedColumn/context``) as it is.
    func isSealedUnderCurrentKey(_ stored: String) -> Bool {
        guard let key = keyring?.current else { return false }
        return stored.utf8.starts(with: (Self.prefix + key.id + ":").utf8)
    }

    private static func context(_ column: EncryptedColumn, _ customerID: String) -> Data {
        var context = Data(column.context.utf8)
        context.append(0)
        context.append(contentsOf: customerID.utf8)
        return context
    }
}
