import Foundation
import Hummingbird

/// An error answered as `{error, detail, field, index, trace_id}` with a 4xx status. Routes throw
/// it for anything the caller can fix; ``ErrorMiddleware`` turns every other error into one too.
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

    func response(traceID: String) -> Response {
        var body: [String: Any] = ["error": code, "detail": detail, "trace_id": traceID]
        body["field"] = field ?? NSNull()
        body["index"] = index ?? NSNull()
        // Safe: the dictionary holds only strings, numbers and nulls.
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
