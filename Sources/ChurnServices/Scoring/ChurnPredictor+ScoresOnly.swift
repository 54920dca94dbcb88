import ChurnModel

extension ChurnPredictor {
    /// Probabilities and tiers without reasons: the batch scorer alone, no TreeSHAP. For batch runs
    /// that must finish fast and leave explanations to the online path (`--no-reasons`); exact
    /// TreeSHAP costs two to three orders of magnitude more per row than the score itself.
    public func predictBatchWithoutReasons(customerIDs: [String], values: [[FeatureValue]]) -> [ChurnPrediction] {
        var matrix = [Float]()
        matrix.reserveCapacity(values.count * encoder.columnCount)
        var encoded = [Float]()
        for row in values {
            encoder.encode(row, into: &encoded)
            matrix.append(contentsOf: encoded)
        }
        // The encoder yields exactly the model's width (checked when the bundle loaded), so this cannot throw.
        let raw = (try? bundle.model.probabilities(matrix: matrix, rowCount: values.count)) ?? []
        return zip(customerIDs, raw).map { customerID, raw in
            let probability = calibrated(Double(raw))
            return ChurnPrediction(
                customerID: customerID, rawProbability: Double(raw), churnProbability: probability,
                riskLevel: bundle.manifest.tierThresholds.level(for: probability),
                topChurnFeature: "", reasons: [], modelVersion: bundle.version)
        }
    }
}
