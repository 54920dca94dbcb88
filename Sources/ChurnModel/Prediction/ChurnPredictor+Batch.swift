import Dispatch
import Foundation

extension ChurnPredictor {
    /// Scores many customers: probabilities from the batch scorer, reasons from TreeSHAP spread
    /// over `workers` threads in blocks. `values[i]` holds customer `i`'s values in schema order.
    /// `progress` is called with the number of rows done (from any thread, serialized).
    public func predictBatch(
        customerIDs: [String], values: [[FeatureValue]], workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> [ChurnPrediction] {
        precondition(customerIDs.count == values.count, "one row of values per customer")
        let rowCount = values.count
        let width = encoder.columnCount
        var matrix = [Float]()
        matrix.reserveCapacity(rowCount * width)
        var encoded = [Float]()
        for row in values {
            encoder.encode(row, into: &encoded)
            matrix.append(contentsOf: encoded)
        }
        // The encoder yields exactly the model's width (checked when the bundle loaded), so neither call can throw.
        let raw = (try? bundle.ensemble.probabilities(matrix: matrix, rowCount: rowCount)) ?? []
        let blockSize = 256
        let blockCount = (rowCount + blockSize - 1) / blockSize
        let results = PredictionSlots(count: rowCount)
        let done = DoneCounter()
        let shapWidth = width + 1
        matrix.withUnsafeBufferPointer { matrixBuffer in
            let sendableMatrix = SendableBuffer(buffer: matrixBuffer)
            let next = DoneCounter()
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, blockCount))) { _ in
                var contributions = [Float](repeating: 0, count: blockSize * shapWidth)
                while true {
                    let block = next.add(1) - 1
                    guard block < blockCount else { return }
                    let start = block * blockSize
                    let end = min(rowCount, start + blockSize)
                    let rows = end - start
                    let slice = UnsafeBufferPointer(rebasing: sendableMatrix.buffer[(start * width)..<(end * width)])
                    contributions.withUnsafeMutableBufferPointer { output in
                        let target = UnsafeMutableBufferPointer(rebasing: output[0..<(rows * shapWidth)])
                        try? shap.contributions(matrix: slice, rowCount: rows, into: target)
                    }
                    for row in start..<end {
                        let offset = (row - start) * shapWidth
                        results.set(row, prediction(
                            customerID: customerIDs[row], values: values[row], raw: Double(raw[row]),
                            columnContributions: Array(contributions[offset..<(offset + shapWidth)])))
                    }
                    let total = done.add(rows)
                    progress?(total)
                }
            }
        }
        return results.values
    }
}

/// Output slots that worker threads fill at distinct indices.
private final class PredictionSlots: @unchecked Sendable {
    private var slots: [ChurnPrediction?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ prediction: ChurnPrediction) {
        lock.lock()
        slots[index] = prediction
        lock.unlock()
    }

    var values: [ChurnPrediction] { slots.map { $0! } }
}

/// A counter shared by worker threads.
private final class DoneCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// Adds `amount` and returns the new total.
    func add(_ amount: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += amount
        return value
    }
}

/// A read-only buffer handed to worker threads for the duration of one `concurrentPerform`.
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Float>
}
