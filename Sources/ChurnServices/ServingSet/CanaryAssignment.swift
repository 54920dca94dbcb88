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

    /// The customer's fixed position in [0, 1): FNV-1a (64-bit) of the id's UTF-8 bytes, mixed by
    /// MurmurHash3's 64-bit finalizer, scaled. FNV-1a because it is tiny and identical on every
    /// platform, unlike `Hasher`, which is seeded per process; the finalizer because FNV-1a alone
    /// leaves the high bits of ids differing only in their last characters nearly equal (ids
    /// `customer-0…9999` put 16 % instead of 10 % under a 0.1 share).
    public static func bucket(_ customerID: String) -> Double {
        // The top 53 bits fill a Double's mantissa exactly.
        Double(mix(fnv1a(customerID)) >> 11) / Double(UInt64(1) << 53)
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
