/// Turns target cells into labels: which spellings mean "churned", which mean "stayed", and
/// nothing else (a third value is a rejected row, never a guess).
///
/// Built from the target values the first pass counted. Comparison ignores case and surrounding
/// spaces, and numbers compare by value (`1.0` is `1`).
struct TargetLabeler: Sendable {
    static let positiveWords: Set<String> = [
        "yes", "y", "true", "t", "1", "churn", "churned", "exited", "left", "cancelled", "canceled",
        "lost", "attrited", "attrited customer",
    ]
    static let negativeWords: Set<String> = [
        "no", "n", "false", "f", "0", "stayed", "retained", "active", "existing", "existing customer",
        "current", "not churned", "no churn", "remained",
    ]

    /// Spellings read as churned and stayed, as first seen in the file.
    let positiveValues: [String]
    let negativeValues: [String]
    private let labels: [String: Bool]

    /// - Throws: ``FlatImportError`` when `explicitPositive` never occurs, or when no value reads as churned.
    init(column: String, counts: TargetValueCounts, explicitPositive: String?) throws {
        let seen = counts.keysByFrequency
        var labels: [String: Bool] = [:]
        if let explicitPositive {
            let key = Self.normalized(explicitPositive)
            guard counts.count(of: key) > 0 else {
                throw FlatImportError.positiveValueNotFound(
                    column: column, value: explicitPositive, seen: counts.summary(limit: 10))
            }
            labels[key] = true
            for other in seen where other != key && Self.negativeWords.contains(other) { labels[other] = false }
            if seen.count == 2, let other = seen.first(where: { $0 != key }) { labels[other] = false }
        } else {
            for key in seen where Self.positiveWords.contains(key) { labels[key] = true }
            guard !labels.isEmpty else {
                throw FlatImportError.cannotInferPositive(column: column, seen: counts.summary(limit: 10))
            }
            for key in seen where Self.negativeWords.contains(key) { labels[key] = false }
        }
        self.labels = labels
        self.positiveValues = seen.filter { labels[$0] == true }.map { counts.spelling(of: $0) }
        self.negativeValues = seen.filter { labels[$0] == false }.map { counts.spelling(of: $0) }
    }

    /// True for churned, false for stayed, nil for anything else.
    func label(_ text: String) -> Bool? {
        labels[Self.normalized(text)]
    }

    /// The comparison key of a target value.
    static func normalized(_ text: String) -> String {
        let trimmed = text.trimmingSpaces()
        if let number = Double(trimmed), number.isFinite {
            if number == 1 { return "1" }
            if number == 0 { return "0" }
        }
        return trimmed.lowercased()
    }
}

/// How often each target value occurs (first pass), keyed by ``TargetLabeler/normalized(_:)``.
struct TargetValueCounts: Sendable {
    /// Distinct values tracked; a column with more is not a churn flag, and the rest only matter
    /// as rejected rows.
    static let limit = 10_000
    private var counts: [String: Int] = [:]
    private var spellings: [String: String] = [:]
    private(set) var blank = 0

    mutating func observe(_ text: String?) {
        guard let text else {
            blank += 1
            return
        }
        let key = TargetLabeler.normalized(text)
        if let count = counts[key] {
            counts[key] = count + 1
        } else if counts.count < Self.limit {
            counts[key] = 1
            spellings[key] = text
        }
    }

    func count(of key: String) -> Int { counts[key] ?? 0 }

    func spelling(of key: String) -> String { spellings[key] ?? key }

    /// Distinct keys, most frequent first (ties by key, so the order is stable).
    var keysByFrequency: [String] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// `value (count)` for the most frequent values, for error messages.
    func summary(limit: Int) -> [String] {
        let keys = keysByFrequency
        var lines = keys.prefix(limit).map { "\(spelling(of: $0)) (\(counts[$0] ?? 0))" }
        if keys.count > limit { lines.append("… \(keys.count - limit) more") }
        if blank > 0 { lines.append("blank (\(blank))") }
        return lines
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
