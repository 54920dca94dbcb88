import ChurnModel

/// Puts a stable, random-looking share of each campaign's targeted customers in the control
/// group, which gets no offer, so that lift is measured rather than assumed.
///
/// The draw is a hash of campaign id and customer id (FNV-1a, then a SplitMix64 finalizer):
/// re-planning the same campaign holds out the same customers, a new campaign draws afresh,
/// and no state needs storing.
public struct HoldoutAssigner: Sendable, Equatable {
    public var share: Double

    public init(share: Double) {
        self.share = share
    }

    public func isHoldout(customerID: String, campaignID: String) -> Bool {
        share > 0 && Self.unitHash(customerID, campaignID) < share
    }

    /// A uniform value in [0, 1) determined by the two strings.
    public static func unitHash(_ customerID: String, _ campaignID: String) -> Double {
        Double(stableHash(customerID, campaignID) >> 11) * 0x1.0p-53
    }

    /// FNV-1a over campaign id, a separator and customer id, mixed so nearby ids spread out.
    public static func stableHash(_ customerID: String, _ campaignID: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in campaignID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash ^= 0x1F
        hash &*= 0x0000_0100_0000_01B3
        for byte in customerID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        // The first output of a generator seeded with the hash: the mixing step of SplitMix64.
        var generator = SplitMix64(seed: hash)
        return generator.next()
    }
}
