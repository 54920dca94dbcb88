import Foundation
import Hummingbird

/// A request body of a non-hot route, decoded strictly into its `Codable` type: JSON content type,
/// a size limit, valid JSON, no key twice, an object with only the type's ``fields``; a missing or
/// mistyped field is a 422 that names it. Checks on values (lengths, identifiers, dates) are the
/// type's own, also naming the field. `POST /api/v1/predict` and batch submission keep their
/// hand-written parser (`PredictionRequestParser`), which is faster and names the index too.
protocol JSONRequestBody: Decodable {
    /// The JSON keys the body may have.
    static var fields: Set<String> { get }
}

extension JSONRequestBody {
    /// The body of `request` as `Self`.
    static func read(_ request: Request, maxBytes: Int = 256 * 1024) async throws -> Self {
        try await decode(JSONRequestBodyReader.bytes(of: request, maxBytes: maxBytes))
    }

    /// The body of `request` as `Self`, or nil when it is empty (an optional body).
    static func readIfPresent(_ request: Request, maxBytes: Int = 16 * 1024) async throws -> Self? {
        let data = try await JSONRequestBodyReader.bytes(of: request, maxBytes: maxBytes, requireJSON: false)
        guard !data.isEmpty else { return nil }
        try PredictRoutes.requireJSON(request)
        return try decode(data)
    }

    static func decode(_ data: Data) throws -> Self {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw APIError(.badRequest, code: "malformed_json", detail: "the body is not valid JSON (NaN and Infinity are not JSON numbers)")
        }
        if let key = DuplicateJSONKeys.first(in: data) {
            throw APIError(.badRequest, code: "duplicate_key", detail: "the key appears twice in one object; send it once", field: key)
        }
        guard case .object(let object) = value else {
            throw APIError.unprocessable("the body is \(value.typeName); send a JSON object", field: nil)
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw APIError.unprocessable("unknown field; expected only \(fields.sorted().joined(separator: ", "))", field: unknown)
        }
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw APIError(decoding: error)
        }
    }
}

enum JSONRequestBodyReader {
    static func bytes(of request: Request, maxBytes: Int, requireJSON: Bool = true) async throws -> Data {
        if requireJSON { try PredictRoutes.requireJSON(request) }
        do {
            return Data(buffer: try await request.body.collect(upTo: maxBytes))
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", detail: "the request body exceeds \(maxBytes) bytes")
        }
    }
}

extension APIError {
    /// A 422 naming the field a `JSONDecoder` stopped at, in JSON's words.
    init(decoding error: DecodingError) {
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String? {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            return keys.isEmpty ? nil : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            self = .unprocessable("is required", field: path(context, key))
        case .valueNotFound(_, let context):
            self = .unprocessable("is required", field: path(context))
        case .typeMismatch(let type, let context):
            self = .unprocessable("is not \(Self.jsonName(of: type))", field: path(context))
        case .dataCorrupted(let context):
            self = .unprocessable(context.debugDescription, field: path(context))
        @unknown default:
            self = .unprocessable("cannot be read", field: nil)
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

/// Checks on the values of request fields; each names the field in its 422.
enum RequestField {
    /// 1…`maxLength` bytes.
    static func text(_ value: String, _ field: String, maxLength: Int = 128) throws(APIError) -> String {
        guard !value.isEmpty, value.utf8.count <= maxLength else { throw APIError.unprocessable("must be 1 to \(maxLength) bytes", field: field) }
        return value
    }

    /// An identifier as the store keeps it: visible ASCII, 1…128 bytes.
    static func identifier(_ value: String, _ field: String) throws(APIError) -> String {
        let value = try text(value, field)
        guard value.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw APIError.unprocessable("may hold only visible ASCII characters", field: field)
        }
        return value
    }
}
