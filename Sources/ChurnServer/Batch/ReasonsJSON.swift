import ChurnModel

/// The reasons of a prediction as the JSON array the predictions log keeps, keys sorted
/// (`contribution`, `feature`, `value`), built straight into bytes: a batch run writes a million
/// of them, and the encoder dominated its profile.
enum ReasonsJSON {
    static func encode(_ reasons: [PredictionReason]) -> String {
        var json = JSONBytes(capacity: 64 * reasons.count + 2)
        json.append(byte: UInt8(ascii: "["))
        for (index, reason) in reasons.enumerated() {
            if index > 0 { json.append(byte: UInt8(ascii: ",")) }
            json.append(raw: #"{"contribution":"#)
            json.append(number: reason.contribution.isFinite ? reason.contribution : 0)
            json.append(raw: #","feature":"#)
            json.append(string: reason.feature)
            json.append(raw: #","value":"#)
            json.append(string: reason.value)
            json.append(byte: UInt8(ascii: "}"))
        }
        json.append(byte: UInt8(ascii: "]"))
        return json.text
    }
}
