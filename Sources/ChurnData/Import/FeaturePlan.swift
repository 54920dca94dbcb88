import ChurnModel

/// How the second pass converts one feature column: where its cells come from, its kind, and where
/// the converted value goes in ``ConvertedRows``.
///
/// Categorical cells are interned: each distinct text is stored once, and a row keeps only its
/// 32-bit code, so memory grows with the rows, not with the text in them.
struct FeaturePlan: Sendable {
    let name: String
    /// Position of the column in the file.
    let column: Int
    let kind: FeatureSpec.Kind
    /// Index among the numeric features (numeric) or among the coded ones (boolean, categorical).
    let slot: Int
    /// Pass-1 facts the report repeats.
    let nonConformingCells: Int
    let nonConformingSamples: [String]
    private(set) var categoryNames: [String] = []
    private var categoryCodes: [String: Int32] = [:]

    init(name: String, column: Int, kind: FeatureSpec.Kind, slot: Int, profile: ColumnProfile) {
        self.name = name
        self.column = column
        self.kind = kind
        self.slot = slot
        if kind == .numeric {
            nonConformingCells = profile.nonBlank - profile.numbers
            nonConformingSamples = profile.nonNumericSamples
        } else {
            nonConformingCells = 0
            nonConformingSamples = []
        }
    }

    /// The code of a category, assigning the next one to a text not seen before.
    mutating func code(for category: String) -> Int32 {
        if let code = categoryCodes[category] { return code }
        let code = Int32(categoryNames.count)
        categoryNames.append(category)
        categoryCodes[category] = code
        return code
    }
}
