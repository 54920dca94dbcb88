import Foundation
import NIOCore
import NIOFoundationCompat
import SQLiteKit

/// A value of an encrypted JSON column (``EncryptedColumn``) as the database holds it: text (a
/// plain value, or one sealed as `enc:` text) or the bytes of a value sealed in binary form.
///
/// SQLite keeps sealed snapshots and log values as BLOBs (its TEXT columns take BLOBs as they are):
/// no base64, so a sealed row is its plain size plus 48 bytes and opening one is a single AES-GCM
/// open. PostgreSQL's columns are typed TEXT, so there they stay `enc:v2:` text. The bytes are the
/// driver's own buffer, bound and read without a copy.
public enum StoredCell: Sendable, Hashable {
    case text(String)
    case bytes(ByteBuffer)

    /// The text of a cell bound on PostgreSQL, whose columns are sealed as text
    /// (``EncryptedColumn/sealedForm(on:)``), so a binary cell never reaches it.
    var postgresText: String {
        switch self {
        case .text(let text): return text
        case .bytes: preconditionFailure("binary sealed values are for SQLite's BLOBs; PostgreSQL's columns are sealed as text")
        }
    }

    /// A value of an SQLite export (`json_object` cannot hold a BLOB): binary values travel as
    /// this prefix and their hex digits.
    static let exportedBytesPrefix = "cg-sealed-hex:"

    /// The cell an export's text stands for: bytes when it carries ``exportedBytesPrefix``.
    init(exported text: String) {
        guard text.hasPrefix(Self.exportedBytesPrefix) else {
            self = .text(text)
            return
        }
        let digits = Array(text.utf8.dropFirst(Self.exportedBytesPrefix.utf8.count))
        var bytes = ByteBuffer()
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count, let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) {
            bytes.writeInteger(high << 4 | low)
            index += 2
        }
        // Digits that do not decode leave bytes that fail to open, which names the column.
        self = .bytes(bytes)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension StoredCell: SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        switch sqliteData {
        case .text(let text): self = .text(text)
        case .blob(let buffer): self = .bytes(buffer)
        case .integer, .float, .null: return nil
        }
    }

    public var sqliteData: SQLiteData? {
        switch self {
        case .text(let text): .text(text)
        case .bytes(let bytes): .blob(bytes)
        }
    }
}

/// PostgreSQL binds and reads the text; binary cells are made for SQLite only.
extension StoredCell: Codable {
    public init(from decoder: any Decoder) throws {
        self = .text(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .bytes(let bytes): try container.encode(Data(bytes.readableBytesView))
        }
    }
}
