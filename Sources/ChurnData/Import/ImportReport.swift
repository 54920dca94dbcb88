import ChurnModel

/// What a flat CSV import did: rows read, kept and rejected (grouped by reason, with the first
/// line numbers of each), how every column was understood, and which columns were left out and
/// why. Nothing the importer drops goes unmentioned here.
///
/// Printing it (`description`) gives the summary `churnguard import` shows; it is also `Codable`
/// for `--json` and for tools that check an import before training on it.
public struct ImportReport: Codable, Sendable, Equatable {
    public var input: String
    public var output: String
    public var schemaPath: String
    /// The id column, or nil when ids are 1-based row numbers.
    public var idColumn: String?
    public var targetColumn: String
    /// Target spellings read as "churned" and as "stayed" (as first seen in the file).
    public var positiveValues: [String]
    public var negativeValues: [String]
    /// Data records in the file (the header excluded), malformed ones included.
    public var rowsRead: Int
    public var rowsKept: Int
    public var rowsRejected: Int
    /// Kept rows labelled churned.
    public var positiveRows: Int
    public var rejections: [RejectionGroup]
    /// The imported features, in schema order.
    public var features: [ImportedColumn]
    /// Columns of the file that are not features (the id column included), in file order.
    public var excluded: [ExcludedColumn]

    public init(
        input: String, output: String, schemaPath: String, idColumn: String?, targetColumn: String,
        positiveValues: [String], negativeValues: [String], rowsRead: Int, rowsKept: Int,
        rowsRejected: Int, positiveRows: Int, rejections: [RejectionGroup],
        features: [ImportedColumn], excluded: [ExcludedColumn]
    ) {
        self.input = input
        self.output = output
        self.schemaPath = schemaPath
        self.idColumn = idColumn
        self.targetColumn = targetColumn
        self.positiveValues = positiveValues
        self.negativeValues = negativeValues
        self.rowsRead = rowsRead
        self.rowsKept = rowsKept
        self.rowsRejected = rowsRejected
        self.positiveRows = positiveRows
        self.rejections = rejections
        self.features = features
        self.excluded = excluded
    }

    /// Why a row was not imported.
    public enum RejectionReason: String, Codable, Sendable, CaseIterable {
        case malformedCSV = "malformed_csv"
        case wrongFieldCount = "wrong_field_count"
        case blankID = "blank_id"
        case duplicateID = "duplicate_id"
        case blankTarget = "blank_target"
        case unrecognizedTarget = "unrecognized_target"
        case notANumber = "not_a_number"
        case notABoolean = "not_a_boolean"

        /// A short phrase for the human summary.
        public var summary: String {
            switch self {
            case .malformedCSV: return "malformed CSV"
            case .wrongFieldCount: return "wrong number of fields"
            case .blankID: return "blank id"
            case .duplicateID: return "duplicate id (the first is kept)"
            case .blankTarget: return "blank target"
            case .unrecognizedTarget: return "target neither positive nor negative"
            case .notANumber: return "not a number"
            case .notABoolean: return "not a boolean"
            }
        }
    }

    /// All rows rejected for one reason (and, for a cell problem, one column).
    public struct RejectionGroup: Codable, Sendable, Equatable {
        public var reason: RejectionReason
        /// The column whose cell caused it, for cell-level reasons.
        public var column: String?
        public var count: Int
        /// The first few rejected rows, in file order.
        public var examples: [RejectedRow]

        public init(reason: RejectionReason, column: String?, count: Int, examples: [RejectedRow]) {
            self.reason = reason
            self.column = column
            self.count = count
            self.examples = examples
        }
    }

    /// One rejected row: the line its record starts on and what was wrong.
    public struct RejectedRow: Codable, Sendable, Equatable {
        public var line: Int
        public var detail: String

        public init(line: Int, detail: String) {
            self.line = line
            self.detail = detail
        }
    }

    /// How one imported feature came out over the kept rows.
    public struct ImportedColumn: Codable, Sendable, Equatable {
        public var name: String
        public var kind: FeatureSpec.Kind
        public var missingCells: Int
        public var minimum: Double?
        public var maximum: Double?
        /// Distinct values of a categorical feature in the kept rows.
        public var distinctValues: Int?
        /// Values listed in the schema (at most `maxCategories`).
        public var listedCategories: Int?
        /// Kept cells whose category is too rare to be listed (they encode as unknown).
        public var unlistedCells: Int?
        /// Non-blank cells of the whole file that did not fit the kind (their rows are rejected).
        public var nonConformingCells: Int
        /// A few of those values, for the summary.
        public var nonConformingSamples: [String]

        public init(
            name: String, kind: FeatureSpec.Kind, missingCells: Int, minimum: Double? = nil,
            maximum: Double? = nil, distinctValues: Int? = nil, listedCategories: Int? = nil,
            unlistedCells: Int? = nil, nonConformingCells: Int = 0, nonConformingSamples: [String] = []
        ) {
            self.name = name
            self.kind = kind
            self.missingCells = missingCells
            self.minimum = minimum
            self.maximum = maximum
            self.distinctValues = distinctValues
            self.listedCategories = listedCategories
            self.unlistedCells = unlistedCells
            self.nonConformingCells = nonConformingCells
            self.nonConformingSamples = nonConformingSamples
        }
    }

    /// A column of the file that did not become a feature.
    public struct ExcludedColumn: Codable, Sendable, Equatable {
        public enum Reason: String, Codable, Sendable, CaseIterable {
            /// The customer id column (it becomes `customer_id`).
            case idColumn = "id_column"
            /// Named in `--drop`.
            case dropped
            case allBlank = "all_blank"
            /// Text in which every value differs: an identifier such as a name or an email.
            case distinctText = "distinct_text"
            /// Whole numbers counting with the row.
            case rowNumber = "row_number"
            /// Text with too many distinct values to encode as categories.
            case highCardinality = "high_cardinality"
        }

        public var name: String
        public var reason: Reason
        public var detail: String

        public init(name: String, reason: Reason, detail: String) {
            self.name = name
            self.reason = reason
            self.detail = detail
        }
    }

    /// Rows rejected for `reason` (over every column).
    public func rejectedCount(_ reason: RejectionReason) -> Int {
        rejections.filter { $0.reason == reason }.reduce(0) { $0 + $1.count }
    }

    /// The imported feature named `name`.
    public func feature(named name: String) -> ImportedColumn? {
        features.first { $0.name == name }
    }

    /// The exclusion of column `name`, if it was left out.
    public func exclusion(of name: String) -> ExcludedColumn? {
        excluded.first { $0.name == name }
    }
}
