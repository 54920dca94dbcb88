import ChurnModel

/// Where one customer's feature value sits among the customers the production model was trained
/// on, from the reference distribution its bundle keeps (a sample of values, decile bins, or
/// category shares): what "a lot of tickets" means for this business.
enum FeaturePopulation {
    struct Placement {
        let text: String
        /// 0…100 for numbers (the share of training customers at or below the value), nil otherwise.
        let percentile: Double?
    }

    static func place(_ value: FeatureValue, in reference: ReferenceDistribution?) -> Placement {
        guard let reference else { return Placement(text: "no reference in the production model", percentile: nil) }
        switch value {
        case .missing:
            return Placement(text: "missing for \(percent(reference.missingShare * 100)) of training customers", percentile: nil)
        case .category(let category):
            guard let categories = reference.categories, let index = categories.firstIndex(of: category), index < reference.shares.count else {
                return Placement(text: "a category no training customer had", percentile: nil)
            }
            return Placement(text: "\(percent(reference.shares[index] * 100)) of training customers", percentile: nil)
        case .boolean(let flag):
            // Booleans are kept as 0/1 numbers; their mean is the share that was true.
            guard let sample = reference.sample, !sample.isEmpty else { return Placement(text: "", percentile: nil) }
            let trueShare = sample.reduce(0, +) / Double(sample.count)
            return Placement(text: "\(percent((flag ? trueShare : 1 - trueShare) * 100)) of training customers", percentile: nil)
        case .number(let number):
            let percentile: Double
            if let sample = reference.sample, !sample.isEmpty {
                percentile = Double(sample.filter { $0 <= number }.count) / Double(sample.count) * 100
            } else if !reference.binEdges.isEmpty {
                // Bins: everything in the bins whose upper edge is below the value.
                var below = 0.0
                for (edge, share) in zip(reference.binEdges, reference.shares) where edge < number { below += share }
                percentile = below * 100
            } else {
                return Placement(text: "", percentile: nil)
            }
            return Placement(text: "at or above \(percent(percentile)) of training customers", percentile: percentile)
        }
    }

    static func percent(_ value: Double) -> String {
        value < 1 && value > 0 ? "<1%" : "\(Int(value.rounded()))%"
    }
}
