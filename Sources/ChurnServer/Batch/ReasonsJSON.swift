import ChurnModel

/// The reasons of a prediction as the JSON array the predictions log keeps — the same shape the
/// online path writes with `JSONEncoder` and sorted keys (`contribution`, `feature`, `value`), but
/// built by hand: a batch run writes a million of them and the encoder dominated its profile.
enum ReasonsJSON {
    static func encode(_ reasons: [PredictionReason]) -> String {
        var text = "["
        for (index, reason) in reasons.enumerated() {
            if index > 0 { text += "," }
            text += "{\"contribution\":\(reason.contribution.isFinite ? "\(reason.contribution)" : "0"),\"feature\":"
            appendString(reason.feature, to: &text)
            text += ",\"value\":"
            appendString(reason.value, to: &text)
            text += "}"
        }
        return text + "]"
    }

    static func appendString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
