import Foundation

/// Prediction ids that sort in the order they are written (UUID version 7, RFC 9562):
/// the predictions log's primary key then grows at its end, page after page, instead of taking a
/// random UUID's insert at a random place in an index of a million keys.
///
/// Layout: 48 bits of Unix milliseconds, the version (7), 30 bits of sequence number within the call
/// (`start + i`, spread over the 12 `rand_a` bits and the top 18 of `rand_b`), the variant, and 44
/// random bits, so ids made in the same millisecond by different runs still differ.
public enum TimeOrderedPredictionIDs {
    public static func make(count: Int, at date: Date, start: Int = 0) -> [UUID] {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1_000)) & 0xFFFF_FFFF_FFFF
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { index in
            let sequence = UInt64(start + index) & 0x3FFF_FFFF
            let high = milliseconds << 16 | 0x7000 | (sequence >> 18)
            let low = 0x8000_0000_0000_0000 | (sequence & 0x3FFFF) << 44 | (generator.next() & 0xFFF_FFFF_FFFF)
            return UUID(uuid: bytes(high, low))
        }
    }

    private static func bytes(_ high: UInt64, _ low: UInt64) -> uuid_t {
        func byte(_ word: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: word >> (56 - 8 * index)) }
        return (
            byte(high, 0), byte(high, 1), byte(high, 2), byte(high, 3), byte(high, 4), byte(high, 5), byte(high, 6), byte(high, 7),
            byte(low, 0), byte(low, 1), byte(low, 2), byte(low, 3), byte(low, 4), byte(low, 5), byte(low, 6), byte(low, 7))
    }
}
