/// Minified JSON written straight into bytes: for the texts written once per prediction (the
/// features and reasons the predictions log keeps, the server's log lines), where
/// `JSONSerialization` — boxing every value and sorting `AnyHashable` keys — dominated the profile.
public struct JSONBytes: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func append(raw text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// A string literal: quotes, backslashes and control characters escaped, everything else
    /// (non-ASCII UTF-8 included) copied as is.
    public mutating func append(string value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case UInt8(ascii: "\""): append(raw: #"\""#)
                case UInt8(ascii: "\\"): append(raw: #"\\"#)
                case 0x0A: append(raw: #"\n"#)
                case 0x0D: append(raw: #"\r"#)
                case 0x09: append(raw: #"\t"#)
                default:
                    append(raw: #"\u00"#)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number in the shortest form that reads back exactly; whole numbers without a fraction
    /// (`550`, as `JSONSerialization` writes them). Not finite has no JSON form: `null`.
    public mutating func append(number value: Double) {
        guard value.isFinite else { return append(raw: "null") }
        if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            append(ascii: String(Int64(value)))
        } else {
            append(ascii: value.description)
        }
    }

    public mutating func append(integer value: Int) {
        append(ascii: String(value))
    }

    public mutating func append(bool value: Bool) {
        value ? append(raw: "true") : append(raw: "false")
    }

    /// `"key":`
    public mutating func append(key: String) {
        append(string: key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// `,"key":` inside an object, without the comma before its first member.
    public mutating func appendSeparator(first: inout Bool, key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        append(key: key)
    }

    private mutating func append(ascii text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
