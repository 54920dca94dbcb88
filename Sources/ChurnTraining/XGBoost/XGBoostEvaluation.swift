/// One metric value libxgboost reported for one named data set after a boosting round.
public struct XGBoostEvaluation: Sendable, Equatable {
    public var dataset: String
    public var metric: String
    public var value: Double

    public init(dataset: String, metric: String, value: Double) {
        self.dataset = dataset
        self.metric = metric
        self.value = value
    }

    /// Parses libxgboost's evaluation line, e.g. `"[3]\ttrain-auc:0.91\tvalid-auc:0.84"`.
    ///
    /// Matching on the known data set names (rather than splitting on "-") keeps names and metrics
    /// that contain dashes intact.
    static func parse(_ line: String, datasets: [String]) -> [XGBoostEvaluation] {
        line.split(separator: "\t").dropFirst().compactMap { field -> XGBoostEvaluation? in
            guard let colon = field.lastIndex(of: ":"),
                let value = Double(field[field.index(after: colon)...]),
                let dataset = datasets.first(where: { field.hasPrefix($0 + "-") })
            else { return nil }
            let metric = field[field.index(field.startIndex, offsetBy: dataset.count + 1)..<colon]
            return XGBoostEvaluation(dataset: dataset, metric: String(metric), value: value)
        }
    }
}
