/// The rows the second pass kept, converted and packed by type: a `Double` per numeric cell, an
/// `Int32` code per boolean or categorical cell (boolean 0/1, category index; -1 is missing).
///
/// Keeping them lets the schema describe exactly the rows written (bounds, required flags and
/// category frequencies over kept rows only) while reading the file just twice.
struct ConvertedRows: Sendable {
    let numericWidth: Int
    let codeWidth: Int
    private(set) var ids: [String] = []
    private(set) var labels: [Bool] = []
    private(set) var numbers: [Double] = []
    private(set) var codes: [Int32] = []

    init(numericWidth: Int, codeWidth: Int) {
        self.numericWidth = numericWidth
        self.codeWidth = codeWidth
    }

    var count: Int { labels.count }

    mutating func append(id: String, label: Bool, numbers rowNumbers: [Double], codes rowCodes: [Int32]) {
        ids.append(id)
        labels.append(label)
        numbers.append(contentsOf: rowNumbers)
        codes.append(contentsOf: rowCodes)
    }

    /// The numeric cell `slot` of row `row` (NaN when missing).
    func number(row: Int, slot: Int) -> Double { numbers[row * numericWidth + slot] }

    /// The coded cell `slot` of row `row` (-1 when missing).
    func code(row: Int, slot: Int) -> Int32 { codes[row * codeWidth + slot] }
}
