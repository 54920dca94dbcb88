import Testing
@testable import ChurnData

@Suite struct TargetLabelerTests {
    private func counts(_ values: [String?]) -> TargetValueCounts {
        var counts = TargetValueCounts()
        for value in values { counts.observe(value) }
        return counts
    }

    @Test func infersCommonChurnSpellings() throws {
        let pairs: [(String, String)] = [
            ("Yes", "No"), ("TRUE", "false"), ("1", "0"), ("Churned", "Stayed"), ("Exited", "Retained"),
            ("Attrited Customer", "Existing Customer"), ("Y", "N"),
        ]
        for (positive, negative) in pairs {
            let labeler = try TargetLabeler(column: "t", counts: counts([positive, negative, negative]), explicitPositive: nil)
            #expect(labeler.label(positive) == true)
            #expect(labeler.label(" \(positive.lowercased()) ") == true)
            #expect(labeler.label(negative.uppercased()) == false)
            #expect(labeler.label("Maybe") == nil)
        }
    }

    @Test func numbersCompareByValue() throws {
        let labeler = try TargetLabeler(column: "Exited", counts: counts(["1.0", "0", "0.0"]), explicitPositive: nil)
        #expect(labeler.label("1") == true)
        #expect(labeler.label("0.00") == false)
        #expect(labeler.label("2") == nil)
        #expect(labeler.positiveValues == ["1.0"])
    }

    @Test func explicitPositiveWithAnUnrecognisedOtherValue() throws {
        let labeler = try TargetLabeler(column: "status", counts: counts(["gold", "lapsed", "gold"]), explicitPositive: "LAPSED")
        #expect(labeler.label("lapsed") == true)
        #expect(labeler.label("gold") == false)
        // With three values the fallback does not apply: only recognised negatives are negative.
        let three = try TargetLabeler(column: "s", counts: counts(["gold", "lapsed", "no"]), explicitPositive: "lapsed")
        #expect(three.label("gold") == nil)
        #expect(three.label("no") == false)
    }

    @Test func errorsSayWhatWasSeen() {
        #expect(throws: FlatImportError.cannotInferPositive(column: "plan", seen: ["basic (2)", "pro (1)", "blank (1)"])) {
            _ = try TargetLabeler(column: "plan", counts: counts(["basic", "pro", "basic", nil]), explicitPositive: nil)
        }
        #expect(throws: FlatImportError.positiveValueNotFound(column: "c", value: "Churn", seen: ["No (1)", "Yes (1)"])) {
            _ = try TargetLabeler(column: "c", counts: counts(["Yes", "No"]), explicitPositive: "Churn")
        }
    }
}
