import Foundation

/// Scores customers with a ``ModelBundle``: encodes their features, runs the tree ensemble,
/// calibrates, tiers, and explains each score with exact TreeSHAP summed per schema feature (for a
/// logistic-regression bundle: its exact per-column terms, ``LinearModel/contributions(row:)``).
public struct ChurnPredictor: Sendable {
    public let bundle: ModelBundle
    public let encoder: FeatureEncoder
    /// Fast TreeSHAP v2: the same values as `TreeSHAP` (to Float rounding) in a fraction of the time.
    /// Nil for a logistic-regression bundle, whose contributions need no tree walk.
    let shap: FastTreeSHAP?
    /// How many reasons each prediction carries.
    public var reasonCount = 5

    public init(bundle: ModelBundle) {
        self.bundle = bundle
        self.encoder = FeatureEncoder(schema: bundle.manifest.featureSchema)
        self.shap = bundle.ensemble.map { FastTreeSHAP(ensemble: $0) }
    }

    /// The calibrated probability for a raw model probability.
    public func calibrated(_ raw: Double) -> Double {
        bundle.manifest.calibrator?.calibrate(raw) ?? raw
    }

    /// Scores one customer; `values` holds one value per schema feature, in schema order.
    public func predict(customerID: String, values: [FeatureValue]) -> ChurnPrediction {
        let row = encoder.encode(values)
        switch bundle.model {
        case .trees(let ensemble):
            // Both calls are safe: the encoder yields exactly the model's column count (checked at bundle load).
            let contributions = (try? shap?.contributions(row: row)) ?? []
            let margin = contributions.reduce(Float(0), +)
            let raw = Double((try? ensemble.probability(row: row)) ?? ModelObjective.sigmoid(margin))
            return prediction(customerID: customerID, values: values, raw: raw, columnContributions: contributions)
        case .linear(let model):
            let contributions = model.contributions(row: row)
            let raw = 1 / (1 + exp(-contributions.reduce(0, +)))
            return prediction(customerID: customerID, values: values, raw: raw, columnContributions: contributions.map(Float.init))
        }
    }

    /// Builds the prediction from a raw probability and per-column TreeSHAP values (bias last).
    public func prediction(customerID: String, values: [FeatureValue], raw: Double, columnContributions: [Float]) -> ChurnPrediction {
        let probability = calibrated(raw)
        let perFeature = encoder.featureContributions(columnContributions.prefix(encoder.columnCount).map(Double.init))
        let features = bundle.manifest.featureSchema.features
        let ranked = perFeature.indices
            .filter { perFeature[$0] != 0 }
            .sorted { perFeature[$0] != perFeature[$1] ? perFeature[$0] > perFeature[$1] : $0 < $1 }
        let reasons = ranked.prefix(reasonCount).map {
            PredictionReason(feature: features[$0].name, value: values[$0] == .missing ? "missing" : values[$0].description, contribution: perFeature[$0])
        }
        return ChurnPrediction(
            customerID: customerID, rawProbability: raw, churnProbability: probability,
            riskLevel: bundle.manifest.tierThresholds.level(for: probability),
            topChurnFeature: reasons.first?.feature ?? "", reasons: reasons, modelVersion: bundle.version)
    }
}
