import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// Every kind of bad request gets a 4xx JSON error naming the field and item, never a 5xx, and
/// nothing is logged for it.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var body: String
        var status: HTTPResponse.Status
        var field: String?
        var index: Int?
        var contentType = "application/json"
        var testDescription: String { name }
    }

    static let item = #"{"customer_id":"c1","behavioral_score":10}"#
    static let cases: [Case] = [
        Case(name: "malformed JSON", body: #"{"customer_id": "#, status: .badRequest),
        Case(name: "NaN literal", body: #"{"customer_id":"c1","behavioral_score":NaN}"#, status: .badRequest),
        Case(name: "Infinity literal", body: #"{"customer_id":"c1","behavioral_score":Infinity}"#, status: .badRequest),
        Case(name: "huge number", body: #"{"customer_id":"c1","transactional_value_k":1e300}"#, status: .unprocessableContent, field: "transactional_value_k"),
        Case(name: "out of bounds", body: #"{"customer_id":"c1","engagement_score":1.5}"#, status: .unprocessableContent, field: "engagement_score"),
        Case(name: "string for number", body: #"{"customer_id":"c1","behavioral_score":"high"}"#, status: .unprocessableContent, field: "behavioral_score"),
        Case(name: "number for boolean", body: #"{"customer_id":"c1","autopay":1}"#, status: .unprocessableContent, field: "autopay"),
        Case(name: "boolean for number", body: #"{"customer_id":"c1","behavioral_score":true}"#, status: .unprocessableContent, field: "behavioral_score"),
        Case(name: "unknown field", body: #"{"customer_id":"c1","shoe_size":42}"#, status: .unprocessableContent, field: "shoe_size"),
        Case(name: "missing id", body: #"{"behavioral_score":10}"#, status: .unprocessableContent, field: "customer_id"),
        Case(name: "numeric id", body: #"{"customer_id":17}"#, status: .unprocessableContent, field: "customer_id"),
        Case(name: "control character in id", body: #"{"customer_id":"c\u0000x"}"#, status: .unprocessableContent, field: "customer_id"),
        Case(name: "bidi override in id", body: #"{"customer_id":"c\u202Ex"}"#, status: .unprocessableContent, field: "customer_id"),
        Case(name: "C1 control in id", body: #"{"customer_id":"\u0093"}"#, status: .unprocessableContent, field: "customer_id"),
        Case(name: "space in id", body: #"{"customer_id":"a b"}"#, status: .unprocessableContent, field: "customer_id"),
        Case(name: "overlong id", body: #"{"customer_id":"\#(String(repeating: "x", count: 129))"}"#, status: .unprocessableContent, field: "customer_id"),
        Case(name: "empty array", body: "[]", status: .unprocessableContent),
        Case(name: "scalar body", body: "42", status: .unprocessableContent),
        Case(name: "bad item in batch", body: "[\(item), {\"customer_id\":\"c2\",\"behavioral_score\":-1}]", status: .unprocessableContent, field: "behavioral_score", index: 1),
        Case(name: "non-object item", body: "[\(item), 3]", status: .unprocessableContent, index: 1),
        Case(name: "too many items", body: "[" + (0...1_000).map { #"{"customer_id":"c\#($0)"}"# }.joined(separator: ",") + "]", status: .unprocessableContent),
        Case(name: "wrong content type", body: item, status: .unsupportedMediaType, contentType: "text/plain"),
        Case(name: "look-alike content type", body: item, status: .unsupportedMediaType, contentType: "application/jsonx"),
        Case(name: "duplicate key", body: #"{"customer_id":"c1","engagement_score":0.9,"engagement_score":0.1}"#, status: .badRequest, field: "engagement_score"),
        Case(name: "duplicate key in a batch item", body: "[\(item), {\"customer_id\":\"c2\",\"customer_id\":\"c3\"}]", status: .badRequest, field: "customer_id"),
        Case(name: "10 MB body", body: "[" + String(repeating: " ", count: 10 * 1024 * 1024) + "]", status: .contentTooLarge),
    ]

    @Test(arguments: cases) func isRefusedWithItsField(_ testCase: Case) async throws {
        let sink = RecordingSink()
        let test = try await TestServer(sink: sink)
        let headers = try await test.headers(.scorer, contentType: testCase.contentType)
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/predict", method: .post, headers: headers, body: ByteBuffer(string: testCase.body)) { response in
                #expect(response.status == testCase.status)
                let object = try #require(json(response.body) as? [String: Any])
                #expect(object["detail"] as? String != nil)
                #expect(object["trace_id"] as? String != nil)
                #expect(object["field"] as? String == testCase.field)
                #expect(object["index"] as? Int == testCase.index)
            }
        }
        #expect(await sink.entries.isEmpty)
    }

    @Test func unknownRouteAndMethodAreJSON404And405() async throws {
        let test = try await TestServer()
        let headers = try await test.headers(.admin)
        try await test.server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/nope", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
                #expect((json(response.body) as? [String: Any])?["error"] as? String == "not_found")
            }
            try await client.execute(uri: "/api/v1/predict", method: .get, headers: headers) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/api/v1/models/v1", method: .delete, headers: headers) { response in
                #expect(response.status == .methodNotAllowed)
            }
            // Without a token nothing is said about which routes exist.
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}

@Suite struct DuplicateJSONKeysTests {
    @Test func findsRepeatedKeysOnlyWithinOneObject() {
        func first(_ text: String) -> String? { DuplicateJSONKeys.first(in: Data(text.utf8)) }
        #expect(first(#"{"a":1,"b":2}"#) == nil)
        #expect(first(#"{"a":1,"a":2}"#) == "a")
        // The same key in sibling or nested objects is fine.
        #expect(first(#"[{"a":1},{"a":2}]"#) == nil)
        #expect(first(#"{"a":{"a":1},"b":[{"a":2}]}"#) == nil)
        // Keys inside string values, and escaped quotes, are not keys.
        #expect(first(#"{"a":"\"a\":1,","b":"{\"a\":2}"}"#) == nil)
        #expect(first(#"{"x":{"k":1,"k":2}}"#) == "k")
        #expect(first(#"{"a":[1,{"c":3}],"a":0}"#) == "a")
        // Keys are compared as they decode: an escape does not make a second key.
        #expect(first(#"{"engagement_score":0.9,"engagement\u005fscore":0.1}"#) == "engagement_score")
        #expect(first(#"{"a\"b":1,"a\u0022b":2}"#) == "a\"b")
        #expect(first(#"{"a\u0062":1,"ab2":2}"#) == nil)
    }
}
