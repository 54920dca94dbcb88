import Testing
@testable import ChurnModel

@Suite struct FeatureEncoderTests {
    let schema = FeatureSchema(features: [
        FeatureSpec(name: "tenure", kind: .numeric),
        FeatureSpec(name: "plan", kind: .categorical, categories: ["basic", "premium"]),
        FeatureSpec(name: "paperless", kind: .boolean),
    ])

    @Test func oneHotEncodesCategoriesAndKeepsOrder() {
        let encoder = FeatureEncoder(schema: schema)
        #expect(encoder.columnNames == ["tenure", "plan=basic", "plan=premium", "paperless"])
        #expect(encoder.encode([.number(3), .category("premium"), .boolean(true)]) == [3, 0, 1, 1])
    }

    @Test func missingBecomesNaNAndUnknownCategoryAllZero() {
        let encoder = FeatureEncoder(schema: schema)
        let missing = encoder.encode([.missing, .missing, .missing])
        #expect(missing.allSatisfy { $0.isNaN })
        #expect(encoder.encode([.number(1), .category("gold"), .boolean(false)]) == [1, 0, 0, 0])
    }

    @Test func contributionsSumBackOntoFeatures() {
        let encoder = FeatureEncoder(schema: schema)
        #expect(encoder.featureContributions([0.5, 0.25, -0.75, 1]) == [0.5, -0.5, 1])
    }
}

@Suite struct FeatureSchemaJSONTests {
    @Test func valuesRoundTripThroughJSON() {
        let schema = FeatureSchema(features: [
            FeatureSpec(name: "score", kind: .numeric), FeatureSpec(name: "plan", kind: .categorical, categories: ["a", "b"]),
            FeatureSpec(name: "autopay", kind: .boolean), FeatureSpec(name: "gone", kind: .numeric),
        ])
        let values: [FeatureValue] = [.number(30.5), .category("b"), .boolean(false), .missing]
        let json = schema.jsonObject(values: values)
        #expect(json == #"{"autopay":false,"plan":"b","score":30.5}"#)
        #expect(schema.values(fromJSONObject: json) == values)
        // Wrong types read as missing rather than being coerced; a 0/1 flag is a boolean, 1 stays a number.
        #expect(schema.values(fromJSONObject: #"{"score":"high","autopay":1,"plan":2}"#) == [.missing, .missing, .boolean(true), .missing])
        #expect(schema.values(fromJSONObject: #"{"score":1,"autopay":2,"gone":0}"#) == [.number(1), .missing, .missing, .number(0)])
    }
}
