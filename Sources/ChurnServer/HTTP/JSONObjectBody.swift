import Foundation
import Hummingbird

/// Reads a small JSON object body strictly: JSON content type, size limit, an object, only known
/// fields. Field-level checks name the field in a 422.
struct JSONObjectBody {
    let fields: [String: JSONValue]

    static func read(_ request: Request, allowed: Set<String>, maxBytes: Int = 256 * 1024) async throws -> JSONObjectBody {
        try PredictRoutes.requireJSON(request)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", detail: "the request body exceeds \(maxBytes) bytes")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
        } catch {
            throw APIError(.badRequest, code: "malformed_json", detail: "the body is not valid JSON (NaN and Infinity are not JSON numbers)")
        }
        if let key = DuplicateJSONKeys.first(in: Data(buffer: buffer)) {
            throw APIError(.badRequest, code: "duplicate_key", detail: "the key appears twice in one object; send it once", field: key)
        }
        guard case .object(let object) = value else {
            throw APIError.unprocessable("the body is \(value.typeName); send a JSON object", field: nil)
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.unprocessable("unknown field; expected only \(allowed.sorted().joined(separator: ", "))", field: unknown)
        }
        return JSONObjectBody(fields: object)
    }

    /// A required string: absent or null is a 422 naming the field.
    func string(_ name: String, maxLength: Int = 128) throws(APIError) -> String {
        guard let value = try optionalString(name, maxLength: maxLength) else { throw APIError.unprocessable("is required", field: name) }
        return value
    }

    func optionalString(_ name: String, maxLength: Int = 128) throws(APIError) -> String? {
        switch fields[name] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            guard !text.isEmpty, text.utf8.count <= maxLength else {
                throw APIError.unprocessable("must be 1 to \(maxLength) bytes", field: name)
            }
            return text
        case let other?:
            throw APIError.unprocessable("is \(other.typeName), expected a string", field: name)
        }
    }

    func bool(_ name: String) throws(APIError) -> Bool {
        switch fields[name] {
        case .bool(let value)?: return value
        case nil, .null?: throw APIError.unprocessable("is required", field: name)
        case let other?: throw APIError.unprocessable("is \(other.typeName), expected true or false", field: name)
        }
    }

    /// A required identifier as the store keeps it: visible ASCII, 1…128 bytes.
    func identifier(_ name: String) throws(APIError) -> String {
        guard let value = try optionalIdentifier(name) else { throw APIError.unprocessable("is required", field: name) }
        return value
    }

    func optionalIdentifier(_ name: String) throws(APIError) -> String? {
        guard let value = try optionalString(name) else { return nil }
        guard value.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw APIError.unprocessable("may hold only visible ASCII characters", field: name)
        }
        return value
    }
}
