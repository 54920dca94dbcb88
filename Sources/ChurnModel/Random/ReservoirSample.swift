/// A uniform sample without replacement of at most `size` elements from a sequence of unknown
/// length, in one pass and bounded memory (Vitter's algorithm R), driven by ``SplitMix64`` so the
/// same seed and input always give the same sample: a bundle trained twice carries the same
/// reference sample.
public enum ReservoirSample {
    public static func draw<S: Sequence>(_ elements: S, size: Int, seed: UInt64) -> [S.Element] {
        precondition(size >= 0, "size must not be negative")
        var generator = SplitMix64(seed: seed)
        var reservoir: [S.Element] = []
        reservoir.reserveCapacity(size)
        var seen = 0
        for element in elements {
            if reservoir.count < size {
                reservoir.append(element)
            } else {
                // Keep the (seen + 1)-th element with probability size / (seen + 1).
                let slot = generator.next(below: seen + 1)
                if slot < size { reservoir[slot] = element }
            }
            seen += 1
        }
        return reservoir
    }
}
