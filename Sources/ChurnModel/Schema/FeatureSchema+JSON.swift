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
    /// may read fewer features); a value of the wrong type counts as missing (a 0/1 number is read
    /// as a boolean for a boolean feature).
    public func values(fromJSONObject text: String) -> [FeatureValue] {
        guard let object = try? JSONDecoder().decode([String: StoredJSONValue].self, from: Data(text.utf8)) else {
            return Array(repeating: .missing, count: features.count)
        }
        return features.map { feature in
            switch (feature.kind, object[feature.name]) {
            case (.numeric, .number(let number)?): return .number(number)
            case (.boolean, .boolean(let flag)?): return .boolean(flag)
            // Stores and exports often keep flags as 0/1.
            case (.boolean, .number(let number)?) where number == 0 || number == 1: return .boolean(number == 1)
            case (.categorical, .text(let category)?): return .category(category)
            default: return .missing
            }
        }
    }
}

/// A JSON scalar decoded strictly (JSONDecoder never reads `1` as `true`, unlike JSONSerialization on Linux).
private enum StoredJSONValue: Decodable {
    case number(Double), boolean(Bool), text(String), other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .boolean(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .other
        }
    }
}
