import ChurnModel

/// The reasons of a prediction as JSON, keys sorted (`contribution`, `feature`, `value`), built
/// straight into bytes: the predictions log keeps this array for every prediction (a batch run
/// writes a million), and the API answers with it; the encoder dominated both profiles.
public enum ReasonsJSON {
    public static func encode(_ reasons: [PredictionReason]) -> String {
        var json = JSONBytes(capacity: 64 * reasons.count + 2)
        append(reasons.map { ($0.feature, $0.value, $0.contribution) }, to: &json)
        return json.text
    }

    public static func append(_ reasons: [(feature: String, value: String, contribution: Double)], to json: inout JSONBytes) {
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
    }
}
