/// The header of a flat CSV resolved against the import options: which column is the target,
/// which the id, which are dropped, and which are left to inference.
///
/// Column options match a header name exactly, or else case-insensitively when that is unambiguous
/// (`--target churn` finds `Churn`). A blank header cell (pandas writes one for its index) is named
/// `column_N` after its 1-based position.
struct FlatCSVHeader: Sendable {
    /// Normalised names (lowercase letters and digits only) taken for a customer id, best first.
    static let idNames = ["customerid", "custid", "clientid", "accountid", "subscriberid", "userid", "id"]

    let names: [String]
    let target: Int
    /// The id column, or nil for row-number ids.
    let id: Int?
    let dropped: Set<Int>
    /// Columns whose kind the first pass infers, in file order.
    let candidates: [Int]

    init(cells: [String], options: FlatImportOptions) throws {
        let names = cells.enumerated().map { index, cell in
            let name = cell.trimmingSpaces()
            return name.isEmpty ? "column_\(index + 1)" : name
        }
        var positions: [String: [Int]] = [:]
        for (index, name) in names.enumerated() { positions[name, default: []].append(index + 1) }
        if let duplicate = names.first(where: { (positions[$0]?.count ?? 0) > 1 }) {
            throw FlatImportError.duplicateColumn(name: duplicate, positions: positions[duplicate] ?? [])
        }
        self.names = names

        let target = try Self.resolve(options.targetColumn, option: "--target", in: names)
        var dropped = Set<Int>()
        for name in options.droppedColumns where !name.trimmingSpaces().isEmpty {
            dropped.insert(try Self.resolve(name.trimmingSpaces(), option: "--drop", in: names))
        }
        if dropped.contains(target) {
            throw FlatImportError.conflictingOptions(
                "--drop names the target column '\(names[target])'; a target cannot be dropped")
        }
        var id: Int?
        if let idName = options.idColumn {
            let index = try Self.resolve(idName, option: "--id", in: names)
            if index == target {
                throw FlatImportError.conflictingOptions(
                    "--id and --target both name '\(names[index])'; the id column must differ from the target")
            }
            if dropped.contains(index) {
                throw FlatImportError.conflictingOptions(
                    "--drop names the id column '\(names[index])'; leave it out of --drop")
            }
            id = index
        } else {
            let normalized = names.map(Self.normalize)
            for candidate in Self.idNames {
                if let index = normalized.indices.first(where: {
                    normalized[$0] == candidate && $0 != target && !dropped.contains($0)
                }) {
                    id = index
                    break
                }
            }
        }
        self.target = target
        self.id = id
        self.dropped = dropped
        self.candidates = names.indices.filter { $0 != target && $0 != id && !dropped.contains($0) }
    }

    private static func resolve(_ name: String, option: String, in names: [String]) throws -> Int {
        if let exact = names.firstIndex(of: name) { return exact }
        let folded = name.lowercased()
        let matches = names.indices.filter { names[$0].lowercased() == folded }
        guard matches.count == 1 else {
            throw FlatImportError.unknownColumn(option: option, name: name, available: names)
        }
        return matches[0]
    }

    private static func normalize(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") })
    }
}
