import ChurnModel
import Testing

@Suite struct FlatFeatureJSONTests {
    static let schema = FeatureSchema(features: [
        FeatureSpec(name: "n", kind: .numeric), FeatureSpec(name: "b", kind: .boolean),
        FeatureSpec(name: "c", kind: .categorical, categories: ["x", "y"]), FeatureSpec(name: "m", kind: .numeric),
    ])

    func read(_ text: String) -> [FeatureValue] {
        FlatFeatureJSON.values(text, schema: Self.schema, index: FlatFeatureJSON.index(of: Self.schema))
    }

    /// What the schema's encoder writes reads back as it was, on the fast path (plain text) and
    /// through the fallback (escaped strings) alike.
    @Test(arguments: [
        [FeatureValue.number(0.1234), .boolean(true), .category("y"), .missing],
        [.number(-1.5e-7), .boolean(false), .category("a\"b\\c\nd\te\u{01}f"), .number(6.02e23)],
        [.number(0), .missing, .category("Zürich ✓ 🎉"), .number(1)],
        [.number(-0.0), .boolean(true), .category(""), .number(9_007_199_254_740_992)],
        [.missing, .missing, .missing, .missing],
    ])
    func readsBackWhatTheSchemaWrites(values: [FeatureValue]) {
        let text = Self.schema.jsonObject(values: values)
        #expect(read(text) == values, "\(text)")
        #expect(Self.schema.values(fromJSONObject: text) == values)
    }

    @Test func notFiniteNumbersAreLeftOutAndReadAsMissing() {
        let text = Self.schema.jsonObject(values: [.number(.nan), .boolean(true), .missing, .number(.infinity)])
        #expect(text == #"{"b":true}"#)
        #expect(read(text) == [.missing, .boolean(true), .missing, .missing])
    }

    @Test(arguments: [
        // Whitespace, and the numbers JSON allows.
        (#"{ "n" : 42 , "b" : false , "m" : -1.5E+3 }"#, [FeatureValue.number(42), .boolean(false), .missing, .number(-1500)]),
        (#"{"n":1e2,"m":2.5e-3}"#, [.number(100), .missing, .missing, .number(0.0025)]),
        (#"{"b":true,"c":"x","n":-1.5e-3}"#, [.number(-0.0015), .boolean(true), .category("x"), .missing]),
        (#"{ "n" : 42 , "b" : false , "extra" : "z", "c": null }"#, [.number(42), .boolean(false), .missing, .missing]),
        // Unknown keys before, between and after the schema's, in sorted order or not.
        (#"{"a":1,"b":false,"bb":2,"c":"y","d":3,"m":2.5,"n":-4,"z":0}"#, [.number(-4), .boolean(false), .category("y"), .number(2.5)]),
        (#"{"zz":1,"b":true}"#, [.missing, .boolean(true), .missing, .missing]),
        // Null, wrong types and missing keys are missing; 0/1 are numbers, or flags for a boolean.
        (#"{"n":null,"b":null,"c":null}"#, [.missing, .missing, .missing, .missing]),
        (#"{"n":"wrong type","b":1,"c":7,"m":true}"#, [.missing, .boolean(true), .missing, .missing]),
        (#"{"n":1,"m":0,"b":0}"#, [.number(1), .boolean(false), .missing, .number(0)]),
        (#"{"b":2}"#, [.missing, .missing, .missing, .missing]),
        ("{}", [.missing, .missing, .missing, .missing]),
        // Escapes, unicode escapes included (the fallback path).
        (#"{"c":"\u00e9t\u00e9 \"q\"","n":3}"#, [.number(3), .missing, .category("été \"q\""), .missing]),
        (#"{"\u006e":5}"#, [.number(5), .missing, .missing, .missing]),
        // Nesting: the nested value is missing, the rest still read.
        (#"{"n":{"nested":1},"b":true,"m":[1,2]}"#, [.missing, .boolean(true), .missing, .missing]),
        // Unreadable text: all missing.
        ("not json", [.missing, .missing, .missing, .missing]),
        (#"{"n":1"#, [.missing, .missing, .missing, .missing]),
        (#"{"c":"a"b","n":1}"#, [.missing, .missing, .missing, .missing]),
        (#"{"n":1} trailing"#, [.missing, .missing, .missing, .missing]),
    ])
    func readsEdgeCases(text: String, expected: [FeatureValue]) {
        #expect(read(text) == expected)
    }

    @Test func keysAreFoundWhateverTheSchemaAndKeyOrder() {
        let schema = FeatureSchema(features: [FeatureSpec(name: "z", kind: .numeric), FeatureSpec(name: "a", kind: .numeric)])
        let index = FlatFeatureJSON.index(of: schema)
        #expect(FlatFeatureJSON.values(#"{"a":1,"z":2}"#, schema: schema, index: index) == [.number(2), .number(1)])
        #expect(FlatFeatureJSON.values(#"{"z":2,"a":1}"#, schema: schema, index: index) == [.number(2), .number(1)])
    }

    @Test func valuesByNameShowEveryKeyWithTheSameRules() {
        let schema = FeatureSchema(features: [
            FeatureSpec(name: "autopay", kind: .boolean), FeatureSpec(name: "tickets", kind: .numeric),
        ])
        let values = FlatFeatureJSON.valuesByName(#"{"tickets":1,"autopay":1,"plan":"pro","trial":false,"notes":null,"nested":{"a":1}}"#, schema: schema)
        #expect(values.map(\.name) == ["autopay", "nested", "notes", "plan", "tickets", "trial"])
        #expect(values.map(\.value) == [.boolean(true), .missing, .missing, .category("pro"), .number(1), .boolean(false)])
        // Without a schema a 0/1 stays a number; unreadable text has no keys.
        #expect(FlatFeatureJSON.valuesByName(#"{"autopay":1}"#).first?.value == .number(1))
        #expect(FlatFeatureJSON.valuesByName("{not json").isEmpty)
    }
}
