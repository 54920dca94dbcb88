extension SchemaMigration {
    /// Version 4: the six raw activity tables of docs/DATA.md, kept as loaded (text cells, empty =
    /// NULL), keyed so that loading the same files again adds nothing.
    static let rawTables = SchemaMigration(version: 4, name: "raw tables") { d in
        RawTableSpec.all.flatMap { spec -> [String] in
            let columns = spec.columns.map { column in
                spec.key.contains(column) ? "\(column) \(d.keyType(128)) NOT NULL" : "\(column) TEXT"
            }
            return ["CREATE TABLE \(spec.table) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(spec.key.joined(separator: ", "))))"]
        }
    }
}
