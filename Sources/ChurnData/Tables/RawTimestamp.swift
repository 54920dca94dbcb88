/// Parses the timestamps of the raw tables straight from CSV bytes.
///
/// docs/DATA.md writes timestamps as `YYYY-MM-DDTHH:MM:SSZ`; a business export may add fractional
/// seconds or a `±HH:MM` offset, or give a bare date (read as 00:00 UTC). Everything is normalised to
/// seconds since 1970-01-01T00:00:00Z so that the day of an event (`seconds / 86400`, floored) is the
/// UTC day that point-in-time rules compare against.
enum RawTimestamp {
    static let secondsPerDay: Int64 = 86_400

    /// Seconds since the epoch, or nil when `bytes` is not a date or an ISO 8601 timestamp.
    static func seconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 10, let day = CalendarDay(bytes: UnsafeBufferPointer(rebasing: bytes[0..<10])) else {
            return nil
        }
        let base = Int64(day.daysSinceEpoch) * secondsPerDay
        if bytes.count == 10 { return base }
        // [T ]HH:MM[:SS[.fff]][Z|±HH:MM]
        guard bytes.count >= 16, bytes[10] == 0x54 || bytes[10] == 0x20, bytes[13] == 0x3A else { return nil }
        guard let hour = twoDigits(bytes, 11), let minute = twoDigits(bytes, 14), hour < 24, minute < 60 else {
            return nil
        }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            guard let value = twoDigits(bytes, index + 1), value < 61 else { return nil }
            second = value
            index += 3
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                let digitsStart = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index > digitsStart else { return nil }
            }
        }
        var offset = 0
        if index < bytes.count {
            switch bytes[index] {
            case 0x5A:
                index += 1
            case 0x2B, 0x2D:
                guard index + 6 == bytes.count, bytes[index + 3] == 0x3A,
                    let offsetHours = twoDigits(bytes, index + 1), let offsetMinutes = twoDigits(bytes, index + 4)
                else { return nil }
                offset = (offsetHours * 60 + offsetMinutes) * 60 * (bytes[index] == 0x2B ? 1 : -1)
                index += 6
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        return base + Int64(hour * 3600 + minute * 60 + second - offset)
    }

    /// The UTC day of a timestamp given in seconds since the epoch.
    static func day(ofSeconds seconds: Int64) -> Int32 {
        let days = seconds >= 0 ? seconds / secondsPerDay : (seconds - secondsPerDay + 1) / secondsPerDay
        return Int32(truncatingIfNeeded: days)
    }

    private static func twoDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        guard at + 1 < bytes.count else { return nil }
        let high = Int(bytes[at]) &- 48
        let low = Int(bytes[at + 1]) &- 48
        guard (0...9).contains(high), (0...9).contains(low) else { return nil }
        return high * 10 + low
    }
}
