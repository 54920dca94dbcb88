import ChurnServices
import Foundation
import Hummingbird
import Logging

/// The outermost middleware: gives every request a trace id (from W3C `traceparent`, else
/// `X-Request-ID`, else new), turns every error into a JSON 4xx/5xx body, and writes one JSON log
/// line and the request metrics per request. Never logs bodies, features or tokens. Every response
/// leaves with the security headers (``SecurityHeaders``).
struct ObservationMiddleware: RouterMiddleware {
    typealias Context = ChurnRequestContext
    let metrics: ServerMetrics
    /// Served over TLS: responses also carry `Strict-Transport-Security`.
    let overTLS: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // The request-timeout responder outside the router may have chosen it already.
        let traceID = context.traceID.isEmpty ? Self.traceID(from: request.headers) : context.traceID
        context.traceID = traceID
        context.logger[metadataKey: "trace_id"] = .string(traceID)
        let started = ContinuousClock.now
        var response: Response
        var failure: (any Error)?
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response(traceID: traceID)
        } catch let error as PredictionsLogUnavailable {
            var apiError = APIError(.serviceUnavailable, code: "log_unavailable", detail: error.description)
            apiError.headers[.retryAfter] = "5"
            response = apiError.response(traceID: traceID)
        } catch let error as HTTPError {
            var apiError = Self.apiError(for: error)
            if error.status == .notFound, let allowed = KnownRoutes.methods(forPath: request.uri.path) {
                apiError = APIError(.methodNotAllowed, code: "method_not_allowed", detail: "\(request.method.rawValue) is not allowed here; use \(allowed)")
                apiError.headers[.allow] = allowed
            }
            response = apiError.response(traceID: traceID)
        } catch {
            failure = error
            response = APIError(.internalServerError, code: "internal_error", detail: "an unexpected error occurred; quote the trace id when reporting it")
                .response(traceID: traceID)
        }
        if context.annotations.answeredByTimeout { return response }
        Self.finish(&response, request: request, context: context, endpoint: context.endpointPath ?? "unmatched", overTLS: overTLS,
                    started: started, failure: failure, metrics: metrics)
        return response
    }

    /// Stamps the trace and security headers on `response` and writes its log line and request
    /// metrics; also used by ``RequestTimeoutResponder`` for the answers it gives itself.
    static func finish(
        _ response: inout Response, request: Request, context: Context, endpoint: String, overTLS: Bool, started: ContinuousClock.Instant,
        failure: (any Error)?, metrics: ServerMetrics
    ) {
        SecurityHeaders.add(to: &response.headers, overTLS: overTLS)
        let traceID = context.traceID
        response.headers[.init("X-Request-ID")!] = traceID
        response.headers[.init("traceparent")!] = "00-\(traceID)-\(Self.randomHex(bytes: 8))-01"
        let status = Int(response.status.code)
        metrics.recordRequest(endpoint: endpoint, status: status)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "route": .string("\(request.method.rawValue) \(endpoint)"), "status": .stringConvertible(status),
            "duration_ms": .stringConvertible((milliseconds * 1000).rounded() / 1000),
        ]
        if let subject = context.subject { metadata["subject"] = .string(subject) }
        let customerIDs = context.annotations.customerIDs
        if !customerIDs.isEmpty {
            metadata["customer_id"] = customerIDs.count == 1 ? .string(customerIDs[0]) : .string("\(customerIDs.count) customers")
        }
        if let failure {
            metadata["error"] = .string(String(describing: type(of: failure)))
            context.logger.error("request failed", metadata: metadata)
        } else {
            context.logger.info("request", metadata: metadata)
        }
    }

    /// Maps Hummingbird's own errors (unknown route, wrong method, body too large) to our format.
    static func apiError(for error: HTTPError) -> APIError {
        switch error.status {
        case .notFound: return APIError(.notFound, code: "not_found", detail: "no such route")
        case .methodNotAllowed: return APIError(.methodNotAllowed, code: "method_not_allowed", detail: "this route does not accept that method")
        case .contentTooLarge: return APIError(.contentTooLarge, code: "body_too_large", detail: "the request body exceeds \(ServerLimits.maxBodyBytes) bytes")
        default:
            let status = error.status.code >= 500 ? HTTPResponse.Status.badRequest : error.status
            return APIError(status, code: "bad_request", detail: error.body ?? error.status.reasonPhrase)
        }
    }

    static func traceID(from headers: HTTPFields) -> String {
        if let parent = headers[.init("traceparent")!] {
            let parts = parent.split(separator: "-")
            if parts.count == 4, parts[1].count == 32, parts[1].allSatisfy(\.isHexDigit), parts[1] != String(repeating: "0", count: 32) {
                return parts[1].lowercased()
            }
        }
        if let requestID = headers[.init("X-Request-ID")!], (1...128).contains(requestID.count),
            requestID.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        {
            return requestID
        }
        return randomHex(bytes: 16)
    }

    /// `bytes` random bytes as lowercase hex (8 or 16 here), built from 64-bit words.
    static func randomHex(bytes: Int) -> String {
        var hex = ""
        for _ in 0..<(bytes + 7) / 8 {
            let word = String(UInt64.random(in: .min ... .max), radix: 16)
            hex += String(repeating: "0", count: 16 - word.count) + word
        }
        return String(hex.prefix(bytes * 2))
    }
}
