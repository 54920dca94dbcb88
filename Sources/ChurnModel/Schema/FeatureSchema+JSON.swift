import Foundation

extension FeatureSchema {
    /// The values of one customer (schema order) as a JSON object keyed by feature name, missing
    /// values left out: the form the online feature store and the predictions log keep.
    public func jsonObject(values: [FeatureValue]) -> String {
        var object: [String: Any] = [:]
        for (feature, value) in zip(features, values) {
            switch value {
            case .number(let number) where number.isFinite: object[feature.name] = number
            case .boolean(let flag): object[feature.name] = flag
            case .category(let category): object[feature.name] = category
            default: continue
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads such a JSON object back into schema order. Unknown keys are ignored (a newer model
    /// may read fewer features); a value of the wrong type counts as missing.
    public func values(fromJSONObject text: String) -> [FeatureValue] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return Array(repeating: .missing, count: features.count)
        }
        return features.map { feature in
            guard let value = object[feature.name] else { return .missing }
            switch feature.kind {
            case .numeric:
                if let number = value as? NSNumber, !(value is Bool) { return .number(number.doubleValue) }
                return .missing
            case .boolean:
                if let flag = value as? Bool { return .boolean(flag) }
                return .missing
            case .categorical:
                if let category = value as? String { return .category(category) }
                return .missing
            }
        }
    }
}
