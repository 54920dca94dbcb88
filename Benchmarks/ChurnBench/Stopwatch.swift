#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic wall-clock time in nanoseconds; cheap enough (a vDSO call) to bracket one row.
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// CPU time consumed by the calling thread, in nanoseconds. On a shared machine this leaves out
/// the time the thread waited for a core, which wall-clock time would charge to it.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Wall-clock and calling-thread CPU seconds taken by `body`, with the value it returned.
func timed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, cpuSeconds: Double, value: T) {
    let start = monotonicNanoseconds(), cpuStart = threadCPUNanoseconds()
    let value = try body()
    let cpu = threadCPUNanoseconds() - cpuStart
    return (Double(monotonicNanoseconds() - start) / 1e9, Double(cpu) / 1e9, value)
}

/// The `fraction` quantile (0...1) of `samples` by the nearest-rank method.
func percentile(_ samples: [UInt64], _ fraction: Double) -> UInt64 {
    precondition(!samples.isEmpty, "no samples")
    let sorted = samples.sorted()
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}
