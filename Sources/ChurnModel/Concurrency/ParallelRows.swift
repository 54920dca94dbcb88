import Dispatch
import Foundation
import Synchronization

/// Runs the rows of a batch on several threads, in contiguous slices, and collects the results in
/// row order: the one way the package spreads per-row work (scoring, feature building, data
/// generation, a page of a batch run) over the cores.
///
/// Each slice is one unit of work that returns one value, stored once under a lock: no per-row
/// locking, and a slice's rows stay contiguous in memory. The synchronous calls block their thread
/// until every slice is done; from async code use the `OffPool` variants, which keep the blocking
/// off Swift concurrency's cooperative threads.
public enum ParallelRows {
    /// `rows` cut into at most `pieces` contiguous, non-empty ranges of near-equal length, in order.
    public static func slices(of rows: Range<Int>, pieces: Int) -> [Range<Int>] {
        guard !rows.isEmpty else { return [] }
        let pieces = max(1, min(pieces, rows.count))
        return slices(of: rows, length: (rows.count + pieces - 1) / pieces)
    }

    /// `rows` cut into consecutive ranges of `length` rows (the last one may be shorter), in order.
    public static func slices(of rows: Range<Int>, length: Int) -> [Range<Int>] {
        let length = max(1, length)
        return stride(from: rows.lowerBound, to: rows.upperBound, by: length).map { $0..<min(rows.upperBound, $0 + length) }
    }

    /// `body` once per slice, the slices spread over threads; the results in slice order.
    public static func mapSlices<T: Sendable>(_ slices: [Range<Int>], _ body: @Sendable (Range<Int>) -> T) -> [T] {
        if slices.count <= 1 { return slices.map(body) }
        let results = SliceResults<T>(count: slices.count)
        DispatchQueue.concurrentPerform(iterations: slices.count) { index in
            results.store(index, body(slices[index]))
        }
        return results.take()
    }

    /// `transform` of every index in `0..<count`, in index order, over at most `workers` threads in
    /// contiguous slices (of at least 64 rows: smaller ones cost more to hand out than to run).
    public static func map<T: Sendable>(count: Int, workers: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let pieces = slices(of: 0..<count, pieces: min(workers, count / 64 + 1))
        if pieces.count == 1 { return (0..<count).map(transform) }
        return mapSlices(pieces) { slice in slice.map(transform) }.flatMap { $0 }
    }

    /// ``mapSlices(_:_:)`` while the calling thread runs `meanwhile`: for a producer that hands
    /// the previous block of results to a consumer that must stay on the caller's thread (a file
    /// writer, say) while the next block is computed. Returns when both are done; an error thrown by
    /// `meanwhile` is rethrown after the slices have finished. (`body` escapes to another thread,
    /// which may release it only after this call has returned.)
    public static func mapSlices<T: Sendable>(
        _ slices: [Range<Int>], meanwhile: () throws -> Void, _ body: @escaping @Sendable (Range<Int>) -> T
    ) rethrows -> [T] {
        guard !slices.isEmpty else {
            try meanwhile()
            return []
        }
        let results = SliceResults<T>(count: slices.count)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: slices.count) { index in
                results.store(index, body(slices[index]))
            }
            finished.signal()
        }
        do {
            // The results are complete only once the slices are done, even when `meanwhile` throws.
            defer { finished.wait() }
            try meanwhile()
        }
        return results.take()
    }

    /// ``map(count:workers:_:)`` for async callers: the blocking parallel loop runs on a thread of
    /// its own, so that no cooperative thread waits for it (a batch run blocking the pool would stall
    /// every request the server handles meanwhile). Not cancellable: the rows run to the end.
    public static func mapOffPool<T: Sendable>(
        count: Int, workers: Int, _ transform: @escaping @Sendable (Int) -> T
    ) async -> [T] {
        await offPool { map(count: count, workers: workers, transform) }
    }

    /// ``mapSlices(_:_:)`` for async callers, off the cooperative pool as ``mapOffPool(count:workers:_:)``.
    public static func mapSlicesOffPool<T: Sendable>(
        _ slices: [Range<Int>], _ body: @escaping @Sendable (Range<Int>) -> T
    ) async -> [T] {
        await offPool { mapSlices(slices, body) }
    }

    /// Runs blocking work (a parallel loop, say) on a thread of its own and awaits its result, so
    /// that no cooperative thread of Swift concurrency waits for it. Not cancellable.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}

/// One slot per slice, each written once by the worker that ran the slice.
private final class SliceResults<T: Sendable>: Sendable {
    private let slots: Mutex<[T?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func store(_ index: Int, _ value: T) {
        slots.withLock { $0[index] = value }
    }

    /// The results in slice order; every slot must have been stored.
    func take() -> [T] {
        slots.withLock { slots in slots.map { $0! } }
    }
}
