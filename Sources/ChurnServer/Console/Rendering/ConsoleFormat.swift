import ChurnData
import Foundation

/// How the console prints numbers and times: fixed, locale-free, so tests and screenshots agree.
enum ConsoleFormat {
    static func probability(_ value: Double) -> String { String(format: "%.3f", value) }
    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
    static func decimal(_ value: Double?, digits: Int = 3) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.\(digits)f", value)
    }

    /// 1234567 → "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    static func money(_ value: Double) -> String { count(Int(value.rounded())) }

    static func time(_ date: Date) -> String { UTCTimestamp.string(date) }

    /// A query string from pairs, empty values left out.
    static func query(_ pairs: [(String, String?)]) -> String {
        let encoded = pairs.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(component(value))"
        }
        return encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&")
    }

    /// A customer's page. By query, not path: a customer id may hold a `/`.
    static func customerHref(_ id: String) -> String {
        "/console/customer?id=" + component(id)
    }

    /// Percent-encodes all but RFC 3986's unreserved characters, for a path segment or query value.
    static func component(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
