import ChurnModel
import Foundation

/// Imports a one-row-per-customer CSV with a churn column (an IBM Telco or bank churn export, say)
/// as a feature table plus its schema, the format training reads (docs/DATA.md).
///
/// Two passes over the memory-mapped file: the first infers each column's kind (numeric,
/// categorical, boolean, or left out, see ``FlatImportOptions``) and which target values mean
/// churned; the second converts and checks every row, packing the kept ones by type. The schema
/// is then built from the kept rows (bounds, required flags, categories by frequency) and
/// ``FeatureTableWriter`` writes both files. Every row not imported is counted in the
/// ``ImportReport`` under its reason, with line numbers.
///
/// ```swift
/// let report = try FlatCSVImporter(FlatImportOptions(targetColumn: "Churn"))
///     .run(input: "telco.csv", output: "features.csv")
/// print(report)
/// ```
public struct FlatCSVImporter: Sendable {
    public let options: FlatImportOptions
    private let missingMarkers: Set<String>

    public init(_ options: FlatImportOptions) {
        self.options = options
        self.missingMarkers = Set(options.missingMarkers.map { $0.trimmingSpaces() })
    }

    /// Imports `input` and writes the feature table to `output` and its schema beside it.
    /// - Throws: ``FlatImportError`` when the import cannot run (unknown column, no churn value,
    ///   no features left), ``CSVError`` when the file cannot be read or its header is malformed.
    ///   Bad rows do not throw: they are rejected and reported.
    @discardableResult
    public func run(input: String, output: String) throws -> ImportReport {
        let inputURL = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath()
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath()
        guard inputURL.path != outputURL.path else { throw FlatImportError.outputIsInput(path: output) }
        let reader = try CSVReader(path: input)

        let inference = try infer(reader, path: input)
        let header = inference.header
        let labeler = try TargetLabeler(
            column: header.names[header.target], counts: inference.targetCounts,
            explicitPositive: options.positiveValue)
        var plans: [FeaturePlan] = []
        var excluded: [ImportReport.ExcludedColumn] = []
        var numericWidth = 0
        var codeWidth = 0
        for (profileIndex, column) in header.candidates.enumerated() {
            let profile = inference.profiles[profileIndex]
            switch ColumnRole(profile: profile, options: options) {
            case .feature(let kind):
                let name = header.names[column]
                if FeatureTable.fixedColumns.contains(name) {
                    throw FlatImportError.reservedColumnName(name: name)
                }
                let slot: Int
                if kind == .numeric {
                    slot = numericWidth
                    numericWidth += 1
                } else {
                    slot = codeWidth
                    codeWidth += 1
                }
                plans.append(FeaturePlan(name: name, column: column, kind: kind, slot: slot, profile: profile))
            case .excluded(let reason, let detail):
                excluded.append(ImportReport.ExcludedColumn(name: header.names[column], reason: reason, detail: detail))
            }
        }
        if let id = header.id {
            excluded.append(ImportReport.ExcludedColumn(
                name: header.names[id], reason: .idColumn, detail: "the customer id (written as customer_id)"))
        }
        for column in header.dropped.sorted() {
            excluded.append(ImportReport.ExcludedColumn(name: header.names[column], reason: .dropped, detail: "named in --drop"))
        }
        let order = Dictionary(uniqueKeysWithValues: header.names.enumerated().map { ($1, $0) })
        excluded.sort { (order[$0.name] ?? 0) < (order[$1.name] ?? 0) }
        guard !plans.isEmpty else { throw FlatImportError.noFeatures(excluded: excluded) }

        var rejections = RejectionLog(exampleLimit: options.exampleLinesPerReason)
        let (rows, rowsRead) = try convert(
            reader, header: header, labeler: labeler, plans: &plans,
            widths: (numericWidth, codeWidth), rejections: &rejections)

        let (schema, columns) = describe(rows, plans: plans)
        let writer = try FeatureTableWriter(path: output, schema: schema)
        var values = [FeatureValue](repeating: .missing, count: plans.count)
        for row in 0..<rows.count {
            for (index, plan) in plans.enumerated() {
                values[index] = value(of: plan, row: row, in: rows)
            }
            try writer.append(FeatureRow(customerID: rows.ids[row], asOf: nil, label: rows.labels[row], values: values))
        }
        try writer.finish()

        return ImportReport(
            input: input, output: output, schemaPath: FeatureTable.schemaPath(for: output),
            idColumn: header.id.map { header.names[$0] }, targetColumn: header.names[header.target],
            positiveValues: labeler.positiveValues, negativeValues: labeler.negativeValues,
            rowsRead: rowsRead, rowsKept: rows.count, rowsRejected: rejections.total,
            positiveRows: rows.labels.reduce(0) { $0 + ($1 ? 1 : 0) },
            rejections: rejections.groups, features: columns, excluded: excluded)
    }

    // MARK: - First pass

    private struct Inference {
        var header: FlatCSVHeader
        var profiles: [ColumnProfile]
        var targetCounts: TargetValueCounts
    }

    private func infer(_ reader: CSVReader, path: String) throws -> Inference {
        var header: FlatCSVHeader?
        var profiles: [ColumnProfile] = []
        var targetCounts = TargetValueCounts()
        var ordinal = 0
        try reader.forEachRecord(onIssue: { issue in
            guard header != nil else { throw FlatImportError.malformedHeader(path: path, issue: issue) }
            ordinal += 1
        }) { row in
            guard let known = header else {
                let resolved = try FlatCSVHeader(cells: row.strings(), options: options)
                header = resolved
                profiles = Array(repeating: ColumnProfile(), count: resolved.candidates.count)
                return
            }
            defer { ordinal += 1 }
            // Rows of the wrong shape are rejected (and reported) by the second pass.
            guard row.count == known.names.count else { return }
            targetCounts.observe(text(row[known.target]))
            for (index, column) in known.candidates.enumerated() {
                let field = row[column]
                let cell = text(field)
                profiles[index].observe(
                    text: cell, number: cell == nil ? nil : field.finiteNumber, ordinal: ordinal,
                    trackingLimit: options.highCardinalityLimit, numericShare: options.numericShare)
            }
        }
        guard let header else { throw FlatImportError.emptyInput(path: path) }
        return Inference(header: header, profiles: profiles, targetCounts: targetCounts)
    }

    // MARK: - Second pass

    private func convert(
        _ reader: CSVReader, header: FlatCSVHeader, labeler: TargetLabeler, plans: inout [FeaturePlan],
        widths: (numeric: Int, codes: Int), rejections: inout RejectionLog
    ) throws -> (rows: ConvertedRows, read: Int) {
        var rows = ConvertedRows(numericWidth: widths.numeric, codeWidth: widths.codes)
        var rowNumbers = [Double](repeating: .nan, count: widths.numeric)
        var rowCodes = [Int32](repeating: -1, count: widths.codes)
        var keptLineByID: [String: Int] = [:]
        let names = header.names
        var sawHeader = false
        var read = 0
        try reader.forEachRecord(onIssue: { issue in
            read += 1
            rejections.reject(.malformedCSV, line: issue.line, detail: Self.describe(issue))
        }) { row in
            guard sawHeader else {
                sawHeader = true
                return
            }
            read += 1
            let line = row.line
            guard row.count == names.count else {
                rejections.reject(.wrongFieldCount, line: line, detail: Self.describeFieldCount(row.count, names: names))
                return
            }
            let id: String
            if let idColumn = header.id {
                guard let text = text(row[idColumn]) else {
                    rejections.reject(.blankID, column: names[idColumn], line: line, detail: "no value in id column '\(names[idColumn])'")
                    return
                }
                id = text
            } else {
                id = String(read)
            }
            guard let targetText = text(row[header.target]) else {
                rejections.reject(.blankTarget, column: names[header.target], line: line, detail: "no value in target column '\(names[header.target])'")
                return
            }
            guard let label = labeler.label(targetText) else {
                rejections.reject(
                    .unrecognizedTarget, column: names[header.target], line: line,
                    detail: "'\(targetText)' is neither positive (\(Self.list(labeler.positiveValues))) nor negative (\(Self.list(labeler.negativeValues)))")
                return
            }
            for index in plans.indices {
                let field = row[plans[index].column]
                let cell = text(field)
                switch plans[index].kind {
                case .numeric:
                    guard let cell else {
                        rowNumbers[plans[index].slot] = .nan
                        continue
                    }
                    guard let number = field.finiteNumber else {
                        rejections.reject(.notANumber, column: plans[index].name, line: line, detail: "'\(cell)' in numeric column '\(plans[index].name)'")
                        return
                    }
                    rowNumbers[plans[index].slot] = number
                case .boolean:
                    guard let cell else {
                        rowCodes[plans[index].slot] = -1
                        continue
                    }
                    guard let flag = BooleanToken.value(of: cell) else {
                        rejections.reject(.notABoolean, column: plans[index].name, line: line, detail: "'\(cell)' in boolean column '\(plans[index].name)'")
                        return
                    }
                    rowCodes[plans[index].slot] = flag ? 1 : 0
                case .categorical:
                    rowCodes[plans[index].slot] = cell.map { plans[index].code(for: $0) } ?? -1
                }
            }
            if let firstLine = keptLineByID[id] {
                rejections.reject(.duplicateID, column: header.id.map { names[$0] }, line: line, detail: "id '\(id)' is already imported from line \(firstLine)")
                return
            }
            keptLineByID[id] = line
            rows.append(id: id, label: label, numbers: rowNumbers, codes: rowCodes)
        }
        return (rows, read)
    }

    /// The trimmed cell, or nil when it is blank or a missing marker.
    private func text(_ field: CSVField) -> String? {
        guard let text = field.trimmedText else { return nil }
        if !missingMarkers.isEmpty, missingMarkers.contains(text) { return nil }
        return text
    }

    private static func list(_ values: [String]) -> String {
        values.isEmpty ? "none" : values.joined(separator: ", ")
    }

    private static func describe(_ issue: CSVIssue) -> String {
        let place = issue.problemLine == issue.line
            ? "column \(issue.column)" : "line \(issue.problemLine), column \(issue.column)"
        var text = "\(place): \(issue.reason)"
        if issue.reason.contains("never closed") {
            text += "; everything from there to the end of the file is inside that quote"
        }
        return text
    }

    private static func describeFieldCount(_ count: Int, names: [String]) -> String {
        let head = "\(count) field\(count == 1 ? "" : "s") where the header has \(names.count)"
        if count < names.count {
            let missing = count + 1 == names.count ? "'\(names[count])' has no value" : "'\(names[count])' onward have no value"
            return "\(head): the row ends after column \(count) ('\(names[count - 1])'), so \(missing)"
        }
        return "\(head): column \(names.count + 1) onward has no header"
    }

    // MARK: - Schema and output

    /// The schema of the kept rows and the report's view of each feature.
    private func describe(_ rows: ConvertedRows, plans: [FeaturePlan]) -> (FeatureSchema, [ImportReport.ImportedColumn]) {
        var specs: [FeatureSpec] = []
        var columns: [ImportReport.ImportedColumn] = []
        for plan in plans {
            var missing = 0
            var column = ImportReport.ImportedColumn(
                name: plan.name, kind: plan.kind, missingCells: 0,
                nonConformingCells: plan.nonConformingCells, nonConformingSamples: plan.nonConformingSamples)
            var spec = FeatureSpec(name: plan.name, kind: plan.kind)
            switch plan.kind {
            case .numeric:
                var low = Double.infinity
                var high = -Double.infinity
                for row in 0..<rows.count {
                    let number = rows.number(row: row, slot: plan.slot)
                    if number.isNaN {
                        missing += 1
                    } else {
                        low = min(low, number)
                        high = max(high, number)
                    }
                }
                if low <= high {
                    spec.minimum = low
                    spec.maximum = high
                    column.minimum = low
                    column.maximum = high
                }
            case .boolean:
                for row in 0..<rows.count where rows.code(row: row, slot: plan.slot) < 0 { missing += 1 }
            case .categorical:
                var counts = [Int](repeating: 0, count: plan.categoryNames.count)
                for row in 0..<rows.count {
                    let code = rows.code(row: row, slot: plan.slot)
                    if code < 0 { missing += 1 } else { counts[Int(code)] += 1 }
                }
                let present = counts.indices.filter { counts[$0] > 0 }.sorted {
                    counts[$0] != counts[$1] ? counts[$0] > counts[$1] : plan.categoryNames[$0] < plan.categoryNames[$1]
                }
                let listed = present.prefix(max(0, options.maxCategories))
                spec.categories = listed.map { plan.categoryNames[$0] }
                column.distinctValues = present.count
                column.listedCategories = listed.count
                column.unlistedCells = present.dropFirst(listed.count).reduce(0) { $0 + counts[$1] }
            }
            spec.required = missing == 0
            column.missingCells = missing
            specs.append(spec)
            columns.append(column)
        }
        return (FeatureSchema(features: specs), columns)
    }

    private func value(of plan: FeaturePlan, row: Int, in rows: ConvertedRows) -> FeatureValue {
        switch plan.kind {
        case .numeric:
            let number = rows.number(row: row, slot: plan.slot)
            return number.isNaN ? .missing : .number(number)
        case .boolean:
            let code = rows.code(row: row, slot: plan.slot)
            return code < 0 ? .missing : .boolean(code == 1)
        case .categorical:
            let code = rows.code(row: row, slot: plan.slot)
            return code < 0 ? .missing : .category(plan.categoryNames[Int(code)])
        }
    }
}
