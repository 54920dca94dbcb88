import ChurnModel
import ChurnMonitoring
import ChurnStore

/// One scoring day's predictions turned into what the drift detectors read: a column per schema
/// feature (from the logged `inference_features`, the inputs the model actually saw) and the
/// probabilities. Parsing is the costly part on a large day, so it runs over `workers` threads.
struct MonitoringWindow: Sendable {
    var customerIDs: [String]
    var probabilities: [Double]
    var columns: [CurrentColumn]

    static func build(_ predictions: [MonitoredPrediction], schema: FeatureSchema, workers: Int) async -> MonitoringWindow {
        let index = FlatFeatureJSON.index(of: schema)
        let slices = ParallelRows.slices(of: 0..<predictions.count, pieces: max(1, workers))
        let parsed = await ParallelRows.mapSlicesOffPool(slices) { slice in
            slice.map { FlatFeatureJSON.values(predictions[$0].inferenceFeaturesJSON, schema: schema, index: index) }
        }.flatMap { $0 }
        let columns = schema.features.indices.map { feature -> CurrentColumn in
            switch schema.features[feature].kind {
            case .categorical:
                return .categories(parsed.map { row in
                    if case .category(let value) = row[feature] { return value }
                    return nil
                })
            case .numeric, .boolean:
                return .numbers(parsed.map { row in
                    switch row[feature] {
                    case .number(let value): value
                    case .boolean(let value): value ? 1 : 0
                    case .category, .missing: .nan
                    }
                })
            }
        }
        return MonitoringWindow(customerIDs: predictions.map(\.customerID), probabilities: predictions.map(\.churnProbability), columns: columns)
    }
}
