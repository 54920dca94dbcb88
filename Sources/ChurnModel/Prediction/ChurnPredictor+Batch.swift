import Foundation
import Synchronization

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
        let matrix = encodedMatrix(values)
        // The encoder yields exactly the model's width (checked when the bundle loaded), so neither call can throw.
        let raw = (try? bundle.model.probabilities(matrix: matrix, rowCount: rowCount)) ?? []
        if case .linear(let model) = bundle.model {
            // A linear model's reasons cost one multiply per column: no blocks or threads needed.
            return (0..<rowCount).map { row in
                let encoded = Array(matrix[(row * width)..<((row + 1) * width)])
                let contributions = model.contributions(row: encoded).map(Float.init)
                if (row + 1) % 256 == 0 || row + 1 == rowCount { progress?(row + 1) }
                return prediction(
                    customerID: customerIDs[row], values: values[row], raw: Double(raw[row]), columnContributions: contributions)
            }
        }
        let blockSize = 256
        let blockCount = (rowCount + blockSize - 1) / blockSize
        let shapWidth = width + 1
        let done = Mutex(0)
        let slices = ParallelRows.slices(of: 0..<rowCount, pieces: min(workers, blockCount))
        return ParallelRows.mapSlices(slices) { slice in
            var predictions: [ChurnPrediction] = []
            predictions.reserveCapacity(slice.count)
            var contributions = [Float](repeating: 0, count: blockSize * shapWidth)
            for start in stride(from: slice.lowerBound, to: slice.upperBound, by: blockSize) {
                let end = min(slice.upperBound, start + blockSize)
                let rows = end - start
                matrix.withUnsafeBufferPointer { allRows in
                    contributions.withUnsafeMutableBufferPointer { output in
                        try? shap?.contributions(
                            matrix: UnsafeBufferPointer(rebasing: allRows[(start * width)..<(end * width)]), rowCount: rows,
                            into: UnsafeMutableBufferPointer(rebasing: output[0..<(rows * shapWidth)]))
                    }
                }
                for row in start..<end {
                    let offset = (row - start) * shapWidth
                    predictions.append(prediction(
                        customerID: customerIDs[row], values: values[row], raw: Double(raw[row]),
                        columnContributions: Array(contributions[offset..<(offset + shapWidth)])))
                }
                if let progress {
                    done.withLock { total in
                        total += rows
                        progress(total)
                    }
                }
            }
            return predictions
        }.flatMap { $0 }
    }

    /// The rows encoded one after another, `encoder.columnCount` values each.
    private func encodedMatrix(_ values: [[FeatureValue]]) -> [Float] {
        var matrix = [Float]()
        matrix.reserveCapacity(values.count * encoder.columnCount)
        var encoded = [Float]()
        for row in values {
            encoder.encode(row, into: &encoded)
            matrix.append(contentsOf: encoded)
        }
        return matrix
    }
}
