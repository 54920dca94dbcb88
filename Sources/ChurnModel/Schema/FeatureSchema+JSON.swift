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

    /// Reads such a JSON object back into schema order (see ``FlatFeatureJSON`` for the rules). A
    /// caller reading many objects builds the key index once and calls ``FlatFeatureJSON`` itself.
    public func values(fromJSONObject text: String) -> [FeatureValue] {
        FlatFeatureJSON.values(text, schema: self, index: FlatFeatureJSON.index(of: self))
    }
}
