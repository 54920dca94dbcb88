import ChurnModel

/// The former name of ChurnModel's ``SplitMix64`` (same algorithm, same streams), kept so that code
/// outside the lower modules that still says `SeededGenerator` compiles; new code says `SplitMix64`.
public typealias SeededGenerator = SplitMix64
