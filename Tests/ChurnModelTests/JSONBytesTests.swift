import Foundation
import Testing
@testable import ChurnModel

/// The hand-written JSON must read back as the same values through a real JSON parser.
@Suite struct JSONBytesTests {
    @Test func oddStringsReadBackUnchanged() throws {
        let strings = ["plain", "quote \" and \\ backslash", "line\nbreak\ttab\rreturn", "\u{01}\u{1F} controls", "ünïcödé 🚀 客户", "", "</script>"]
        for string in strings {
            var json = JSONBytes()
            json.append(byte: UInt8(ascii: "["))
            json.append(string: string)
            json.append(byte: UInt8(ascii: "]"))
            let parsed = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
            #expect(parsed == [string], "\(json.text)")
        }
    }

    @Test func numbersReadBackExactlyAndNonFiniteIsNull() throws {
        let numbers: [Double] = [0, -0.5, 550, 30.5, 0.1, 1e-7, 123_456_789.125, -9_007_199_254_740_991, 1e300, .pi]
        var json = JSONBytes()
        json.append(byte: UInt8(ascii: "["))
        for (index, number) in numbers.enumerated() {
            if index > 0 { json.append(byte: UInt8(ascii: ",")) }
            json.append(number: number)
        }
        json.append(raw: ",")
        json.append(number: .nan)
        json.append(byte: UInt8(ascii: "]"))
        #expect(json.text.hasPrefix("[0,-0.5,550,30.5,0.1,"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [Any])
        #expect(parsed.dropLast().map { ($0 as? NSNumber)?.doubleValue } == numbers)
        #expect(parsed.last is NSNull)
    }

    @Test func featureObjectsKeepSortedKeysAndLeaveOutMissingValues() throws {
        let schema = FeatureSchema(features: [
            FeatureSpec(name: "tenure_days", kind: .numeric), FeatureSpec(name: "auto_renew", kind: .boolean),
            FeatureSpec(name: "plan", kind: .categorical, categories: ["basic", "pro \"x\""]), FeatureSpec(name: "logins", kind: .numeric),
        ])
        let text = schema.jsonObject(values: [.number(400), .boolean(true), .category("pro \"x\""), .missing])
        #expect(text == #"{"auto_renew":true,"plan":"pro \"x\"","tenure_days":400}"#)
        #expect(schema.values(fromJSONObject: text) == [.number(400), .boolean(true), .category("pro \"x\""), .missing])
        #expect(schema.jsonObject(values: [.number(.infinity), .missing, .missing, .number(.nan)]) == "{}")
    }
}
