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
    var finiteNumber: Double? {
        guard let value = double, value.isFinite else { return nil }
        return value
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
