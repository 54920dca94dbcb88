import ChurnModel

extension DataQualityGate {
    /// Checks a feature table file against its schema (`FILE.schema.json`), streaming it twice
    /// (figures, then outliers) so that tables larger than memory can be checked.
    /// - Parameter reportOnlyOutliers: numeric features whose outlier share is reported but does not
    ///   fail the gate (``PointInTimeFeature/enforcesOutlierShare``).
    public func check(featureTableAt path: String, reportOnlyOutliers: Set<String> = []) throws -> DataQualityReport {
        let schema = try FeatureTableReader(path: path).schema
        let expectedHeader = FeatureTable.fixedColumns + schema.names
        var state = FeatureTableCheck(schema: schema, table: path, reportOnlyOutliers: reportOnlyOutliers)
        var sawHeader = false
        // Read a block at a time: a mapped table of millions of rows would count whole in the RSS.
        try CSVBlockReader.forEachRecord(path: path, onIssue: { issue in
            state.record.noteInvalid("\(path) \(issue)")
        }) { row in
            if !sawHeader {
                let header = row.strings()
                guard header == expectedHeader else {
                    throw FeatureTableError.headerMismatch(path: path, expected: expectedHeader, found: header)
                }
                sawHeader = true
                return
            }
            guard row.count == expectedHeader.count else {
                state.record.noteInvalid("\(path) line \(row.line): has \(row.count) fields, the header has \(expectedHeader.count)")
                return
            }
            state.record.noteValid()
            state.observeFixed(
                customerBlank: row[0].isBlank,
                asOf: row[1].isBlank ? nil : (CalendarDay(bytes: row[1].bytes) != nil && row[1].bytes.count == 10),
                labelText: row[2].isBlank ? nil : row[2].string, line: row.line)
            for feature in 0..<schema.features.count {
                let field = row[3 + feature]
                if field.isBlank {
                    state.observe(.missing, feature: feature, line: row.line)
                } else if let value = Self.parse(field, schema.features[feature]) {
                    state.observe(value, feature: feature, line: row.line)
                } else {
                    state.observeUnreadable(field.string, feature: feature, line: row.line)
                }
            }
        }
        if !sawHeader { throw FeatureTableError.empty(path: path) }
        state.finishFirstPass(z: thresholds.outlierZ)
        if state.hasNumeric {
            var header = true
            try CSVBlockReader.forEachRecord(path: path, onIssue: { _ in }) { row in
                if header { header = false; return }
                guard row.count == expectedHeader.count else { return }
                for feature in state.numericFeatures {
                    if let value = row[3 + feature].double, value.isFinite { state.recount(value, feature: feature) }
                }
            }
        }
        return report(subject: path, checks: state.checks, examples: [])
    }

    /// Checks a feature table held in memory.
    public func check(_ table: FeatureTable, subject: String = "feature table", reportOnlyOutliers: Set<String> = []) -> DataQualityReport {
        var state = FeatureTableCheck(schema: table.schema, table: subject, reportOnlyOutliers: reportOnlyOutliers)
        for (index, row) in table.rows.enumerated() {
            let line = index + 2
            guard row.values.count == table.schema.features.count else {
                state.record.noteInvalid("\(subject) row \(index + 1): has \(row.values.count) values, the schema has \(table.schema.features.count)")
                continue
            }
            state.record.noteValid()
            state.observeFixed(
                customerBlank: row.customerID.allSatisfy(\.isWhitespace), asOf: row.asOf.map { _ in true },
                labelText: row.label.map { $0 ? "1" : "0" }, line: line)
            for (feature, value) in row.values.enumerated() { state.observe(value, feature: feature, line: line) }
        }
        state.finishFirstPass(z: thresholds.outlierZ)
        for row in table.rows where row.values.count == table.schema.features.count {
            for feature in state.numericFeatures {
                if case .number(let value) = row.values[feature], value.isFinite { state.recount(value, feature: feature) }
            }
        }
        return report(subject: subject, checks: state.checks, examples: [])
    }

    /// A cell as the schema reads it; a category is kept as text for the category check.
    private static func parse(_ field: CSVField, _ spec: FeatureSpec) -> FeatureValue? {
        switch spec.kind {
        case .numeric:
            guard let value = field.double else { return nil }
            return .number(value)
        case .boolean:
            switch field.string {
            case "true", "1": return .boolean(true)
            case "false", "0": return .boolean(false)
            default: return nil
            }
        case .categorical:
            return .category(field.string)
        }
    }
}

/// The running checks of one feature table: fixed columns, then one per schema feature.
private struct FeatureTableCheck {
    let schema: FeatureSchema
    let table: String
    var record: ColumnCheck
    var customer: ColumnCheck
    var asOf: ColumnCheck
    var label: ColumnCheck
    var features: [ColumnCheck]
    let numericFeatures: [Int]
    /// Per feature, copied out of the schema so the per-cell path does not copy specs.
    private let kinds: [FeatureSpec.Kind]
    private let names: [String]
    private let categories: [Set<String>?]

    init(schema: FeatureSchema, table: String, reportOnlyOutliers: Set<String>) {
        self.schema = schema
        self.table = table
        record = ColumnCheck(table: table, column: "(record)", required: true, numeric: false, enforceOutliers: false)
        customer = ColumnCheck(table: table, column: "customer_id", required: true, numeric: false, enforceOutliers: false)
        asOf = ColumnCheck(table: table, column: "as_of", required: false, numeric: false, enforceOutliers: false)
        label = ColumnCheck(table: table, column: "label", required: false, numeric: false, enforceOutliers: false)
        features = schema.features.map { spec in
            ColumnCheck(
                table: table, column: spec.name, required: spec.required, numeric: spec.kind == .numeric,
                minimum: spec.minimum, maximum: spec.maximum, enforceOutliers: !reportOnlyOutliers.contains(spec.name))
        }
        numericFeatures = schema.features.indices.filter { schema.features[$0].kind == .numeric }
        kinds = schema.features.map(\.kind)
        names = schema.names
        categories = schema.features.map { spec in spec.categories.flatMap { $0.isEmpty ? nil : Set($0) } }
    }

    var hasNumeric: Bool { !numericFeatures.isEmpty }

    var checks: [ColumnCheck] { [record, customer, asOf, label] + features }

    /// `asOf`: nil when blank, else whether it is a valid date.
    mutating func observeFixed(customerBlank: Bool, asOf asOfValid: Bool?, labelText: String?, line: Int) {
        if customerBlank { customer.noteMissing() } else { customer.noteValid() }
        switch asOfValid {
        case nil: asOf.noteMissing()
        case true?: asOf.noteValid()
        case false?: asOf.noteInvalid("\(table) line \(line), column as_of: not a YYYY-MM-DD date")
        }
        switch labelText {
        case nil: label.noteMissing()
        case "1"?, "0"?: label.noteValid()
        case let text?: label.noteInvalid("\(table) line \(line), column label: '\(text)' is not 1, 0 or empty")
        }
    }

    mutating func observeUnreadable(_ text: String, feature: Int, line: Int) {
        let spec = schema.features[feature]
        features[feature].noteInvalid("\(table) line \(line), column \(spec.name): '\(text)' is not a valid \(spec.kind.rawValue) value")
    }

    mutating func observe(_ value: FeatureValue, feature: Int, line: Int) {
        let table = self.table
        let name = names[feature]
        func place(_ feature: Int, _ line: Int) -> String { "\(table) line \(line), column \(name)" }
        switch (kinds[feature], value) {
        case (_, .missing):
            features[feature].noteMissing()
        case (.numeric, .number(let number)) where number.isFinite:
            features[feature].noteNumber(number, problem: "\(place(feature, line)): \(FeatureValue.format(number))")
        case (.boolean, .boolean):
            features[feature].noteValid()
        case (.categorical, .category(let category)):
            if let categories = categories[feature], !categories.contains(category) {
                features[feature].noteInvalid("\(place(feature, line)): '\(category)' is not one of \(categories.sorted().joined(separator: ", "))")
            } else {
                features[feature].noteValid()
            }
        default:
            features[feature].noteInvalid("\(place(feature, line)): '\(value)' is not a valid \(kinds[feature].rawValue) value")
        }
    }

    mutating func finishFirstPass(z: Double) {
        for index in numericFeatures { features[index].finishFirstPass(z: z) }
    }

    mutating func recount(_ value: Double, feature: Int) {
        features[feature].recount(value)
    }
}
