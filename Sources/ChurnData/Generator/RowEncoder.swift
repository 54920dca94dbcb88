/// Formats the generator's CSV cells straight into bytes.
///
/// The generator writes tens of millions of rows; building a `String` per cell would dominate its
/// run time. None of its cells (UUIDs, codes, numbers, dates) needs CSV quoting.
enum RowEncoder {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a version-4 UUID made of two random words into 36 bytes.
    static func writeUUID(_ high: UInt64, _ low: UInt64, into bytes: inout [UInt8]) {
        var high = high & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000  // version 4
        var low = low & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
        var position = 35
        for nibble in 0..<32 {
            if position == 8 || position == 13 || position == 18 || position == 23 {
                bytes[position] = 0x2D
                position -= 1
            }
            if nibble < 16 {
                bytes[position] = hex[Int(low & 0xF)]
                low >>= 4
            } else {
                bytes[position] = hex[Int(high & 0xF)]
                high >>= 4
            }
            position -= 1
        }
    }

    static func appendDate(_ day: CalendarDay, to bytes: inout [UInt8]) {
        let (year, month, dayOfMonth) = day.components
        appendDigits(year, width: 4, to: &bytes)
        bytes.append(0x2D)
        appendDigits(month, width: 2, to: &bytes)
        bytes.append(0x2D)
        appendDigits(dayOfMonth, width: 2, to: &bytes)
    }

    /// Zero-padded decimal of a non-negative number.
    @inline(__always)
    static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Decimal of a whole number.
    @inline(__always)
    static func appendInt(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(0x2D)
            appendInt(-value, to: &bytes)
            return
        }
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// A value with exactly two decimals (money in USD, sentiment).
    static func appendHundredths(_ value: Double, to bytes: inout [UInt8]) {
        var cents = Int((value * 100).rounded())
        if cents < 0 {
            bytes.append(0x2D)
            cents = -cents
        }
        appendInt(cents / 100, to: &bytes)
        bytes.append(0x2E)
        appendDigits(cents % 100, width: 2, to: &bytes)
    }

    /// `HH:MM:SSZ` after a `T`, for a second of the day.
    static func appendTime(_ secondOfDay: Int, to bytes: inout [UInt8]) {
        bytes.append(0x54)
        appendDigits(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(0x3A)
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &bytes)
        bytes.append(0x3A)
        appendDigits(secondOfDay % 60, width: 2, to: &bytes)
        bytes.append(0x5A)
    }

    static func append(_ text: StaticString, to bytes: inout [UInt8]) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
