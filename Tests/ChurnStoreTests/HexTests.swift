import Foundation
import Testing
@testable import ChurnStore

@Suite struct HexTests {
    /// The erasure list's keys are hex of HMACs already stored: the fast encoder must spell every
    /// byte as `%02x` did.
    @Test func spellsEveryByteAsFormatDid() {
        let bytes = (0...255).map(UInt8.init) + (0..<64).map { _ in UInt8.random(in: 0...255) }
        #expect(Hex.lowercase(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lowercase([]) == "")
    }
}
