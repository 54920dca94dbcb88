import Foundation

/// A stable 64-bit FNV-1a fingerprint of training data, to tell which data a model saw.
///
/// Not a security hash: it identifies data sets, it does not protect them.
public struct DataFingerprint: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01B3
        }
    }

    public mutating func combine(_ text: String) {
        combine(text.utf8)
        combine(CollectionOfOne(0))
    }

    public mutating func combine(_ value: Float) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { combine($0) }
    }

    public var hex: String { String(format: "%016llx", state) }
}
