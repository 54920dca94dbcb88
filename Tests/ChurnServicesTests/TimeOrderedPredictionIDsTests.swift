import ChurnServices
import Foundation
import Testing
@testable import ChurnServices

@Suite struct TimeOrderedPredictionIDsTests {
    @Test func idsAreVersion7SortedByTimeThenSequenceAndUnique() {
        let at = Date(timeIntervalSince1970: 1_750_000_000.5)
        let first = TimeOrderedPredictionIDs.make(count: 3_000, at: at)
        let next = TimeOrderedPredictionIDs.make(count: 10, at: at, start: 3_000)
        let later = TimeOrderedPredictionIDs.make(count: 10, at: at.addingTimeInterval(0.002))
        let all = first + next + later
        // The log stores them as text (SQLite) or bytes (PostgreSQL); both orders must follow creation.
        #expect(all.map(\.uuidString) == all.map(\.uuidString).sorted())
        #expect(Set(all).count == all.count)
        for id in all {
            #expect(id.uuid.6 >> 4 == 7)           // version
            #expect(id.uuid.8 & 0xC0 == 0x80)      // RFC 9562 variant
        }
        // The first 48 bits are the Unix milliseconds.
        let bytes = withUnsafeBytes(of: first[0].uuid) { Array($0) }
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_750_000_000_500)
        // Two runs in the same millisecond still get different ids.
        #expect(TimeOrderedPredictionIDs.make(count: 1, at: at) != TimeOrderedPredictionIDs.make(count: 1, at: at))
    }
}
