/// Collects rejected rows as the second pass meets them, grouped by reason and column, keeping a
/// count and the first few line numbers of each group.
struct RejectionLog: Sendable {
    private struct Key: Hashable {
        var reason: ImportReport.RejectionReason
        var column: String?
    }

    let exampleLimit: Int
    private(set) var groups: [ImportReport.RejectionGroup] = []
    private var groupIndex: [Key: Int] = [:]
    private(set) var total = 0

    init(exampleLimit: Int) {
        self.exampleLimit = max(0, exampleLimit)
    }

    /// Records one rejected row; `detail` is only built for the rows the report shows.
    mutating func reject(
        _ reason: ImportReport.RejectionReason, column: String? = nil, line: Int,
        detail: @autoclosure () -> String
    ) {
        total += 1
        let key = Key(reason: reason, column: column)
        let index: Int
        if let existing = groupIndex[key] {
            index = existing
        } else {
            index = groups.count
            groupIndex[key] = index
            groups.append(ImportReport.RejectionGroup(reason: reason, column: column, count: 0, examples: []))
        }
        groups[index].count += 1
        if groups[index].examples.count < exampleLimit {
            groups[index].examples.append(ImportReport.RejectedRow(line: line, detail: detail()))
        }
    }
}
