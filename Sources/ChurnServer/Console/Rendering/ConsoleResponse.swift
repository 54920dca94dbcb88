import Foundation
import Hummingbird

/// Responses of the console: HTML with its security headers, redirects, downloads.
enum ConsoleResponse {
    /// No inline script or style anywhere (so no `unsafe-inline`): the stylesheet is a file, the
    /// charts are SVG elements with presentation attributes, and the console needs no script.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The console's content type and policy; the rest (`nosniff`, `DENY`, `no-referrer`, `no-store`)
    /// every response gets from ``SecurityHeaders`` on its way out.
    static func securityHeaders(contentType: String) -> HTTPFields {
        [.contentType: contentType, .contentSecurityPolicy: contentSecurityPolicy]
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: securityHeaders(contentType: "text/html; charset=utf-8"),
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other: after a form, the browser loads `location` with GET.
    static func redirect(to location: String) -> Response {
        var headers = securityHeaders(contentType: "text/plain; charset=utf-8")
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// A file the browser saves (`Content-Disposition: attachment`).
    static func download(_ data: Data, filename: String, contentType: String = "text/csv; charset=utf-8") -> Response {
        var headers = securityHeaders(contentType: contentType)
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A path inside the console to return to after sign-in; anything else (another site,
    /// `//host`, a scheme) becomes the overview.
    static func safeReturnPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/console"), !candidate.hasPrefix("//"), !candidate.contains("\\"),
            !candidate.contains("\r"), !candidate.contains("\n")
        else { return "/console" }
        return candidate
    }
}
