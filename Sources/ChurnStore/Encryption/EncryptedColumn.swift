/// A column whose values are sealed at rest (``FieldCipher``): customer features, the inputs and
/// reasons of logged predictions, the raw tables' personal columns, the reasons a campaign gives
/// for a candidate (they quote the customer's signals) and the notes sent with an outcome. Ids, dates, probabilities,
/// tiers and every column a query filters, joins or orders on stay in clear.
public struct EncryptedColumn: Sendable, Hashable {
    public let table: String
    public let column: String
    /// JSON text once opened (exports nest it).
    public let isJSON: Bool

    /// What a sealed value is bound to besides its customer: `table.column`, except that a
    /// customer's feature snapshot is one kind wherever it is kept (the online store, the inputs
    /// of a logged prediction), so batch scoring logs the sealed snapshot it read without sealing
    /// it again.
    let context: String
    /// Sealed as a BLOB on SQLite (the binary form): the columns read for every customer a scoring
    /// run touches. The others stay text, which every reader of theirs decodes.
    let binaryOnSQLite: Bool

    init(table: String, column: String, isJSON: Bool, context: String? = nil, binaryOnSQLite: Bool? = nil) {
        self.table = table
        self.column = column
        self.isJSON = isJSON
        self.context = context ?? table + "." + column
        self.binaryOnSQLite = binaryOnSQLite ?? isJSON
    }

    /// `table.column`, as errors name it.
    public var name: String { table + "." + column }

    /// How this column's sealed values are kept on `dialect`: the snapshot and log columns, read and
    /// written for every customer a scoring run touches, are BLOBs on SQLite; the raw tables' short
    /// cells, bound with the rest of their row's text, and every column on PostgreSQL (typed TEXT)
    /// hold `enc:v2:` text.
    func sealedForm(on dialect: SQLDialectKind) -> FieldCipher.SealedForm {
        binaryOnSQLite && dialect == .sqlite ? .binary : .text
    }

    public static let onlineFeatures = EncryptedColumn(table: "online_features", column: "features", isJSON: true, context: "features")
    public static let inferenceFeatures = EncryptedColumn(table: "predictions_log", column: "inference_features", isJSON: true, context: "features")
    public static let reasons = EncryptedColumn(table: "predictions_log", column: "reasons", isJSON: true)
    public static let candidateReasons = EncryptedColumn(table: "campaign_candidates", column: "reasons", isJSON: true, binaryOnSQLite: false)
    public static let outcomeNotes = EncryptedColumn(table: "retention_outcomes", column: "notes", isJSON: false)
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
    } + [
        // Last: a rotation resumes at its marker's table and takes every later one, so tables added
        // since a rotation stopped are never skipped.
        EncryptedTable(table: "campaign_candidates", key: ["campaign_id", "customer_id"], columns: [.candidateReasons]),
        EncryptedTable(table: "retention_outcomes", key: ["outcome_id"], columns: [.outcomeNotes]),
    ]

    static func named(_ table: String) -> EncryptedTable? { all.first { $0.table == table } }
}
