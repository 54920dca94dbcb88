import ChurnModel
import Foundation

extension ImportReport: CustomStringConvertible {
    /// The summary `churnguard import` prints: counts first, then every feature, every column left
    /// out and every rejection reason with its first line numbers.
    public var description: String {
        var lines: [String] = []
        lines.append("Imported \(input) -> \(output) (schema: \(schemaPath))")
        lines.append("  rows: \(rowsRead) read, \(rowsKept) kept, \(rowsRejected) rejected")
        let negatives = rowsKept - positiveRows
        lines.append("  target: \(targetColumn): churned = \(quoted(positiveValues)) (\(rows(positiveRows))), "
            + "stayed = \(quoted(negativeValues)) (\(rows(negatives)))")
        lines.append("  ids: " + (idColumn.map { "column \($0)" } ?? "row numbers (1 = first data row)"))

        lines.append("  features (\(features.count)):")
        let width = features.map(\.name.count).max() ?? 0
        for feature in features {
            let name = feature.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let kind = feature.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            lines.append("    \(name)  \(kind)  \(Self.details(of: feature))")
        }
        if !excluded.isEmpty {
            lines.append("  not imported (\(excluded.count)):")
            for column in excluded {
                lines.append("    \(column.name): \(column.detail)")
            }
        }
        if !rejections.isEmpty {
            lines.append("  rejected rows (\(rowsRejected)):")
            for group in rejections {
                let column = group.column.map { " [\($0)]" } ?? ""
                let more = group.count > group.examples.count ? ", …" : ""
                let lineList = group.examples.map { String($0.line) }.joined(separator: ", ")
                lines.append("    \(group.reason.summary)\(column): \(group.count) (line\(group.examples.count == 1 ? "" : "s") \(lineList)\(more))")
                for example in group.examples {
                    lines.append("      line \(example.line): \(example.detail)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func rows(_ count: Int) -> String {
        count == 1 ? "1 row" : "\(count) rows"
    }

    private func quoted(_ values: [String]) -> String {
        values.isEmpty ? "(none)" : values.map { "'\($0)'" }.joined(separator: ", ")
    }

    private static func details(of feature: ImportedColumn) -> String {
        var parts: [String] = []
        switch feature.kind {
        case .numeric:
            if let low = feature.minimum, let high = feature.maximum {
                parts.append("\(FeatureValue.format(low)) … \(FeatureValue.format(high))")
            } else {
                parts.append("no values kept")
            }
        case .categorical:
            let distinct = feature.distinctValues ?? 0
            let listed = feature.listedCategories ?? 0
            if distinct > listed {
                parts.append("\(distinct) categories, the \(listed) most frequent listed; "
                    + "\(feature.unlistedCells ?? 0) cells of rarer ones encode as unknown")
            } else {
                parts.append("\(distinct) categor\(distinct == 1 ? "y" : "ies")")
            }
        case .boolean:
            break
        }
        parts.append(feature.missingCells == 0 ? "required" : "\(feature.missingCells) missing")
        if feature.nonConformingCells > 0 {
            let samples = feature.nonConformingSamples.map { "'\($0)'" }.joined(separator: ", ")
            parts.append("\(feature.nonConformingCells) non-numeric cell(s) such as \(samples): rows rejected")
        }
        return parts.joined(separator: "; ")
    }
}
