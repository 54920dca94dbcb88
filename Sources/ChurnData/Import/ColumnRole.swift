import ChurnModel

/// What a candidate column becomes after the first pass: a feature of some kind, or left out with
/// a reason the report can show. The rules are spelled out on ``FlatImportOptions``.
enum ColumnRole: Sendable, Equatable {
    case feature(FeatureSpec.Kind)
    case excluded(ImportReport.ExcludedColumn.Reason, detail: String)

    init(profile: ColumnProfile, options: FlatImportOptions) {
        let cells = profile.nonBlank
        guard cells > 0 else {
            self = .excluded(.allBlank, detail: "every cell is blank")
            return
        }
        if profile.booleanTokens == cells {
            self = .feature(.boolean)
            return
        }
        if Double(profile.numbers) >= options.numericShare * Double(cells) {
            if options.excludeIdentifiers, profile.countsWithRow, profile.blank == 0,
               cells >= options.identifierMinimumRows {
                self = .excluded(.rowNumber, detail: "whole numbers counting up with the row (a row number)")
            } else {
                self = .feature(.numeric)
            }
            return
        }
        guard let distinct = profile.distinct else {
            self = .excluded(
                .highCardinality,
                detail: "text with more than \(options.highCardinalityLimit) distinct values")
            return
        }
        if options.excludeIdentifiers, profile.allDistinct, cells >= options.identifierMinimumRows {
            self = .excluded(.distinctText, detail: "every one of its \(cells) values is different (an identifier)")
            return
        }
        let share = Double(distinct) / Double(cells)
        if distinct > options.highCardinalityLimit
            || (distinct > options.maxCategories && share > options.highCardinalityShare) {
            self = .excluded(
                .highCardinality,
                detail: "text with \(distinct) distinct values in \(cells) cells, too varied for categories")
            return
        }
        self = .feature(.categorical)
    }
}
