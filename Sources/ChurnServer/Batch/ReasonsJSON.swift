import ChurnModel

/// The reasons of a prediction as the JSON array the predictions log keeps — the same shape the
/// online path writes with `JSONEncoder` and sorted keys (`contribution`, `feature`, `value`), but
/// built by hand into bytes: a batch run writes a million of them, and first the encoder and then
/// per-character `String` appends dominated its profile.
enum ReasonsJSON {
    static func encode(_ reasons: [PredictionReason]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * reasons.count + 2)
        bytes.append(UInt8(ascii: "["))
        for (index, reason) in reasons.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(#"{"contribution":"#, to: &bytes)
            append(reason.contribution.isFinite ? "\(reason.contribution)" : "0", to: &bytes)
            append(#","feature":"#, to: &bytes)
            appendString(reason.feature, to: &bytes)
            append(#","value":"#, to: &bytes)
            appendString(reason.value, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else
    /// (including non-ASCII UTF-8) copied as is.
    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case UInt8(ascii: "\""): append(#"\""#, to: &bytes)
                case UInt8(ascii: "\\"): append(#"\\"#, to: &bytes)
                case 0x0A: append(#"\n"#, to: &bytes)
                case 0x0D: append(#"\r"#, to: &bytes)
                case 0x09: append(#"\t"#, to: &bytes)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
