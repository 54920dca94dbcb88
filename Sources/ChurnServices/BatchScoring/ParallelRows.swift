import Dispatch
import Foundation

/// Maps `0..<count` to values over `workers` threads in contiguous slices, keeping index order: the
/// per-customer work of a page (parsing features, building log records) that would otherwise run on one
/// core while the other waits.
public enum ParallelRows {
    public static func map<T: Sendable>(count: Int, workers: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let slices = max(1, min(workers, count / 64 + 1))
        if slices == 1 { return (0..<count).map(transform) }
        let results = Slots<T>(count: slices)
        let length = (count + slices - 1) / slices
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let start = slice * length
            let end = min(count, start + length)
            results.set(slice, start < end ? (start..<end).map(transform) : [])
        }
        return results.joined()
    }
}

/// One slot per worker; each worker writes only its own.
private final class Slots<T: Sendable>: @unchecked Sendable {
    private var slots: [[T]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ values: [T]) {
        lock.lock()
        slots[index] = values
        lock.unlock()
    }

    func joined() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.flatMap { $0 }
    }
}
