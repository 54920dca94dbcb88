/// Groups the rows of an event table by customer (in `customers.csv` order), then by time, in
/// compressed-sparse-row form: the rows of customer `c` are `offsets[c] ..< offsets[c + 1]`.
///
/// Readers must not rely on file order (docs/DATA.md), but the generator's order is already
/// grouped, so the common case is detected in one pass and costs no permutation at all; otherwise a
/// stable counting sort by customer plus a per-customer sort by time builds one.
struct RowGrouping {
    var offsets: [Int]
    /// Row `order[i]` of the file goes to position `i`; nil when the file order is already right.
    var order: [Int32]?

    init(customers: [Int32], customerCount: Int, time: (Int) -> Int64) {
        var counts = [Int](repeating: 0, count: customerCount + 1)
        var ordered = true
        for row in customers.indices {
            counts[Int(customers[row]) + 1] += 1
            if row > 0, ordered {
                let previous = customers[row - 1]
                ordered = previous < customers[row] || (previous == customers[row] && time(row - 1) <= time(row))
            }
        }
        for customer in 0..<customerCount { counts[customer + 1] += counts[customer] }
        offsets = counts
        guard !ordered else {
            order = nil
            return
        }
        var next = Array(counts.dropLast())
        var order = [Int32](repeating: 0, count: customers.count)
        for row in customers.indices {
            let customer = Int(customers[row])
            order[next[customer]] = Int32(row)
            next[customer] += 1
        }
        for customer in 0..<customerCount {
            let range = counts[customer]..<counts[customer + 1]
            var sorted = true
            var position = range.lowerBound + 1
            while position < range.upperBound, sorted {
                sorted = time(Int(order[position - 1])) <= time(Int(order[position]))
                position += 1
            }
            if !sorted {
                order[range].sort { (time(Int($0)), $0) < (time(Int($1)), $1) }
            }
        }
        self.order = order
    }

    /// `column` in grouped order.
    func apply<Value>(_ column: [Value]) -> [Value] {
        guard let order else { return column }
        return order.map { column[Int($0)] }
    }
}
