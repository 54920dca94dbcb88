import Foundation

/// The flat figures of a version's registry metrics by name, for the models pages: numbers and
/// strings, nested values (the curves) left out. Read with `JSONDecoder` rather than
/// `JSONSerialization`, whose numbers on Linux cast to `Bool` when they are 0 or 1 — a ROC-AUC of
/// exactly 1 would vanish as a "boolean".
enum ModelFigures {
    enum Value: Decodable {
        case number(Double)
        case text(String)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if (try? container.decode(Bool.self)) != nil {
                self = .other
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .other
            }
        }
    }

    /// Every top-level value of the metrics object; empty when it is not one.
    static func read(_ json: String) -> [String: Value] {
        (try? JSONDecoder().decode([String: Value].self, from: Data(json.utf8))) ?? [:]
    }

    static func numbers(_ json: String) -> [String: Double] {
        read(json).compactMapValues { value in
            if case .number(let number) = value { return number }
            return nil
        }
    }
}
