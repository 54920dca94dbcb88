/// Which customers a canary serves: a stable share by hash of the customer id, so a customer always
/// gets the same version (in batch and online paths alike) and the share grows by adding customers,
/// never by reshuffling them.
public struct CanaryAssignment: Sendable, Equatable {
    /// The share (0…1) of customers the canary serves.
    public var share: Double

    public init(share: Double) {
        self.share = share
    }

    /// Whether the canary serves `customerID`.
    public func servesCanary(_ customerID: String) -> Bool {
        Self.bucket(customerID) < share
    }

    /// The customer's fixed position in [0, 1): FNV-1a (64-bit) of the id's UTF-8 bytes, scaled.
    /// FNV-1a because it is tiny, fast and identical on every platform, unlike `Hasher`, which is
    /// seeded per process.
    public static func bucket(_ customerID: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in customerID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        // The top 53 bits fill a Double's mantissa exactly.
        return Double(hash >> 11) / Double(UInt64(1) << 53)
    }
}
