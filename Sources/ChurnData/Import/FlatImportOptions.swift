/// How ``FlatCSVImporter`` reads a one-row-per-customer CSV (the `churnguard import` options).
///
/// Inference rules, in the order they are tried for every column that is not the id, the target
/// or dropped (blank and whitespace-only cells, and any ``missingMarkers``, are missing values and
/// take no part in them):
/// 1. every cell blank: the column is left out (it carries nothing);
/// 2. every non-blank cell a boolean token (`yes`/`no`, `y`/`n`, `true`/`false`, `t`/`f`, `1`/`0`,
///    any case): **boolean**;
/// 3. at least ``numericShare`` of the non-blank cells are finite numbers: **numeric**; a row whose
///    cell is not a number is rejected and counted (so a stray `n/a` costs that row, not the
///    column); a column of whole numbers that counts 0, 1, 2… or 1, 2, 3… with the row is a row
///    number and left out (when ``excludeIdentifiers`` is on);
/// 4. otherwise text: left out when every value differs (an identifier, when
///    ``excludeIdentifiers`` is on and there are at least ``identifierMinimumRows`` values) or when
///    it has too many distinct values to encode (more than ``highCardinalityLimit``, or more than
///    ``maxCategories`` and over ``highCardinalityShare`` of its cells distinct); otherwise
///    **categorical**, with its ``maxCategories`` most frequent values listed in the schema (the
///    rarer ones stay in the table as written and encode as "none of the known categories").
public struct FlatImportOptions: Sendable, Equatable {
    /// The column that says whether the customer churned.
    public var targetColumn: String
    /// The customer id column; nil picks one named like `customerID`, `customer_id`, `CustomerId`
    /// or `id`, else uses the 1-based row number.
    public var idColumn: String?
    /// The target value that means "churned"; nil infers it (`Yes`, `True`, `1`, `Churned`,
    /// `Exited`, … in any case). When given and the target has exactly two values, the other one
    /// is the negative even if it is not a recognised "no".
    public var positiveValue: String?
    /// Columns never imported (names, row numbers, free text).
    public var droppedColumns: [String]
    /// Leave out columns that look like identifiers (all-distinct text, row numbers).
    public var excludeIdentifiers: Bool
    /// Cell values that also mean "missing" (for example `NA`, `null`), matched exactly after
    /// trimming spaces.
    public var missingMarkers: [String]
    /// Share of non-blank cells that must be numbers for a column to be numeric.
    public var numericShare: Double
    /// Categories listed in the schema per categorical feature, most frequent first.
    public var maxCategories: Int
    /// A text column with more distinct values than this is never categorical.
    public var highCardinalityLimit: Int
    /// A text column with more than ``maxCategories`` values, more than this share of them
    /// distinct, is free text rather than a category.
    public var highCardinalityShare: Double
    /// Below this many values, an all-distinct column is not taken for an identifier (in a tiny
    /// file every column looks distinct).
    public var identifierMinimumRows: Int
    /// Line numbers kept per rejection reason in the report.
    public var exampleLinesPerReason: Int

    public init(
        targetColumn: String, idColumn: String? = nil, positiveValue: String? = nil,
        droppedColumns: [String] = [], excludeIdentifiers: Bool = true, missingMarkers: [String] = [],
        numericShare: Double = 0.99, maxCategories: Int = 50, highCardinalityLimit: Int = 1000,
        highCardinalityShare: Double = 0.5, identifierMinimumRows: Int = 20, exampleLinesPerReason: Int = 5
    ) {
        self.targetColumn = targetColumn
        self.idColumn = idColumn
        self.positiveValue = positiveValue
        self.droppedColumns = droppedColumns
        self.excludeIdentifiers = excludeIdentifiers
        self.missingMarkers = missingMarkers
        self.numericShare = numericShare
        self.maxCategories = maxCategories
        self.highCardinalityLimit = highCardinalityLimit
        self.highCardinalityShare = highCardinalityShare
        self.identifierMinimumRows = identifierMinimumRows
        self.exampleLinesPerReason = exampleLinesPerReason
    }
}
