/// A column whose values are sealed at rest (``FieldCipher``): customer features, the inputs and
/// reasons of logged predictions, and the raw tables' personal columns. Ids, dates, probabilities,
/// tiers and every column a query filters, joins or orders on stay in clear.
struct EncryptedColumn: Sendable, Hashable {
    let table: String
    let column: String
    /// JSON text once opened (exports nest it).
    let isJSON: Bool

    /// `table.column`, as errors and the sealing context name it.
    var name: String { table + "." + column }

    static let onlineFeatures = EncryptedColumn(table: "online_features", column: "features", isJSON: true)
    static let inferenceFeatures = EncryptedColumn(table: "predictions_log", column: "inference_features", isJSON: true)
    static let reasons = EncryptedColumn(table: "predictions_log", column: "reasons", isJSON: true)
}

/// A table with encrypted columns and the key it is paged by when its values are re-sealed.
struct EncryptedTable: Sendable {
    let table: String
    let key: [String]
    let columns: [EncryptedColumn]

    /// Every table holding sealed values; rotation re-seals exactly these.
    static let all: [EncryptedTable] = [
        EncryptedTable(table: "online_features", key: ["customer_id"], columns: [.onlineFeatures]),
        EncryptedTable(table: "predictions_log", key: ["prediction_id"], columns: [.inferenceFeatures, .reasons]),
    ] + RawTableSpec.all.filter { !$0.encrypted.isEmpty }.map { spec in
        EncryptedTable(table: spec.table, key: spec.key, columns: spec.encryptedColumns)
    }

    static func named(_ table: String) -> EncryptedTable? { all.first { $0.table == table } }
}
