/// SplitMix64 (Steele, Lea, Flood): the one seeded generator of the package.
///
/// Written here rather than taken from the standard library because `SystemRandomNumberGenerator`
/// cannot be seeded, and seeded runs (cross-validation folds, k-means seeding, Thompson draws,
/// generated data sets, tests) must give the same stream on every platform and Swift version.
/// Changing anything here changes every seeded result: the generator's tests pin known outputs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// Weyl-sequence increment (2⁶⁴ / golden ratio).
    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The output finalizer on its own: spreads any 64-bit value (a hash, a stream number) over all
    /// bits, so that nearby inputs give unrelated outputs.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A value in `0..<bound` (Lemire's multiply-high, without rejection: the bias is below 2⁻³² for
    /// bounds under 2³²). Unlike `Int.random(in:using:)`, its algorithm is ours and will not change.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Fisher–Yates, written out rather than `shuffle(using:)` because the standard library does not
    /// promise that its shuffle algorithm stays the same between releases.
    public mutating func shuffle<Element>(_ values: inout [Element]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, next(below: index + 1))
        }
    }
}
