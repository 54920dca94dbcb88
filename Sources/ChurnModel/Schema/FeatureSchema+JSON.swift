import Foundation

extension FeatureSchema {
    /// The values of one customer (schema order) as a JSON object keyed by feature name, missing
    /// values left out: the form the online feature store and the predictions log keep.
    public func jsonObject(values: [FeatureValue]) -> String {
        var json = JSONBytes(capacity: 32 * features.count)
        json.append(byte: UInt8(ascii: "{"))
        var first = true
        // Keys sorted, as the online store and the log have always kept them.
        for index in features.indices.sorted(by: { features[$0].name < features[$1].name }) where index < values.count {
            let value = values[index]
            if case .number(let number) = value, number.isFinite {
                json.appendSeparator(first: &first, key: features[index].name)
                json.append(number: number)
            } else if case .boolean(let flag) = value {
                json.appendSeparator(first: &first, key: features[index].name)
                json.append(bool: flag)
            } else if case .category(let category) = value {
                json.appendSeparator(first: &first, key: features[index].name)
                json.append(string: category)
            }
        }
        json.append(byte: UInt8(ascii: "}"))
        return json.text
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
