extension CSVField {
    /// The field without surrounding spaces, tabs and line breaks; nil when nothing is left (a
    /// blank cell is a missing value).
    var trimmedText: String? {
        var start = 0
        var end = bytes.count
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        if start == 0, end == bytes.count { return string }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The field as a finite number (NaN and infinities are not data).
    ///
    /// Text that cannot start a number is turned away on its first byte: most cells of a flat
    /// export are words, and the general parser behind ``double`` is costly for them.
    var finiteNumber: Double? {
        guard let first = bytes.first(where: { !Self.isSpace($0) }) else { return nil }
        let startsNumber = (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2B || first == 0x2E
        guard startsNumber, let value = double, value.isFinite else { return nil }
        return value
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
