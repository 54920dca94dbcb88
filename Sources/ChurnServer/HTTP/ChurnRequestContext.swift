import Foundation
import Hummingbird
import Logging

/// Per-request state shared by middleware and routes: the trace id and, once authenticated,
/// the caller's subject and role.
public struct ChurnRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var traceID = ""
    public var subject: String?
    public var role: Role?
    /// What routes note for the request's log line; a reference, so the outer middleware sees it.
    public var annotations = RequestAnnotations()

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Request bodies are read explicitly with ``ServerLimits/maxBodyBytes``; this only guards decoding.
    public var maxUploadSize: Int { ServerLimits.maxBodyBytes }
}

/// Limits that protect the server from oversized or runaway requests.
public enum ServerLimits {
    /// Largest accepted request body (1,000 customers with ~60 features fit in well under 1 MiB).
    public static let maxBodyBytes = 2 * 1024 * 1024
    /// Most customers in one `POST /api/v1/predict`.
    public static let maxBatchItems = 1_000
}

/// Facts a route records for the request log line (which customers it touched). Routes receive a
/// copy of the context, so this is a shared reference rather than a context field.
public final class RequestAnnotations: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []

    public init() {}

    public var customerIDs: [String] {
        get { lock.lock(); defer { lock.unlock() }; return ids }
        set { lock.lock(); ids = newValue; lock.unlock() }
    }
}
