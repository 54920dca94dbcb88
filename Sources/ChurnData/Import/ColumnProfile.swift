/// What the first pass learns about one candidate feature column, enough to decide its kind
/// without keeping its cells.
///
/// Distinct values are counted exactly while that can matter: until the column has more than
/// `trackingLimit` of them and is either mostly numeric or known not to be all-distinct. Past that
/// point the column is numeric or too varied to be categorical whatever comes next, so the
/// counts are dropped instead of growing with the file.
struct ColumnProfile: Sendable {
    static let sampleLimit = 3

    private(set) var blank = 0
    private(set) var nonBlank = 0
    private(set) var numbers = 0
    private(set) var booleanTokens = 0
    /// A few distinct non-numeric values, for the report.
    private(set) var nonNumericSamples: [String] = []
    /// Distinct non-blank values with their counts; nil once too many to matter.
    private(set) var counts: [String: Int]? = [:]
    private(set) var allDistinct = true
    /// Whole numbers that equal the record's position plus a fixed offset of 0 or 1, so far.
    private(set) var countsWithRow = true
    private var rowOffset: Int?

    /// Records one cell: `text` is the trimmed cell or nil when missing, `ordinal` the 0-based
    /// position of its record among the data records.
    mutating func observe(text: String?, number: Double?, ordinal: Int, trackingLimit: Int, numericShare: Double) {
        guard let text else {
            blank += 1
            countsWithRow = false
            return
        }
        nonBlank += 1
        if let number {
            numbers += 1
            if countsWithRow { followRow(number, ordinal: ordinal) }
        } else {
            countsWithRow = false
            if nonNumericSamples.count < Self.sampleLimit, !nonNumericSamples.contains(text) {
                nonNumericSamples.append(text)
            }
        }
        if BooleanToken.value(of: text) != nil { booleanTokens += 1 }
        guard counts != nil else { return }
        if counts?[text] != nil { allDistinct = false }
        counts?[text, default: 0] += 1
        if let distinct = counts?.count, distinct > trackingLimit,
           !allDistinct || Double(numbers) >= numericShare * Double(nonBlank) {
            counts = nil
        }
    }

    /// Distinct non-blank values, when still known.
    var distinct: Int? { counts?.count }

    private mutating func followRow(_ number: Double, ordinal: Int) {
        guard number == number.rounded(), abs(number) < 1e15 else {
            countsWithRow = false
            return
        }
        let offset = Int(number) - ordinal
        if let rowOffset {
            if offset != rowOffset { countsWithRow = false }
        } else if offset == 0 || offset == 1 {
            rowOffset = offset
        } else {
            countsWithRow = false
        }
    }
}
