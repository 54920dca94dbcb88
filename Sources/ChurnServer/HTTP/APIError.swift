import Foundation
import Hummingbird

/// An error answered as `{error, detail, field, index, trace_id}` with a 4xx status. Routes throw
/// it for anything the caller can fix; ``ObservationMiddleware`` turns every other error into one too.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `invalid_field`.
    public var code: String
    public var detail: String
    public var field: String?
    /// The item of a batch request the error is about.
    public var index: Int?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, detail: String, field: String? = nil, index: Int? = nil) {
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
        self.index = index
    }

    public static func unprocessable(_ detail: String, field: String?, index: Int? = nil) -> APIError {
        APIError(.unprocessableContent, code: "invalid_field", detail: detail, field: field, index: index)
    }

    /// The error body: every key always present, `field` and `index` null when they do not apply.
    struct Body: Encodable {
        var error: String
        var detail: String
        @EncodesNull var field: String?
        @EncodesNull var index: Int?
        var traceID: String

        enum CodingKeys: String, CodingKey {
            case error, detail, field, index, traceID = "trace_id"
        }
    }

    func response(traceID: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Strings and an integer: encoding cannot fail.
        let data = (try? encoder.encode(Body(error: code, detail: detail, field: field, index: index, traceID: traceID))) ?? Data()
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
