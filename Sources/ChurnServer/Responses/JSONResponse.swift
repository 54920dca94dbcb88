import Foundation
import Hummingbird

/// The JSON body of every non-hot route: a `Codable` value written with sorted keys and unescaped
/// slashes, so responses are stable byte for byte. (`POST /api/v1/predict` writes its own bytes.)
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// An optional that is written as `null` when absent, where the contract says the key is always
/// there (synthesized `Encodable` would leave it out).
@propertyWrapper
struct EncodesNull<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
