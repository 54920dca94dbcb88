import ChurnStore
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
    /// The console's signed-in session (console routes only; the API reads bearer tokens).
    public var consoleSession: ConsoleSession?
    /// A console form's fields, read once by the console's access check (which verifies its CSRF token).
    public var consoleForm: ConsoleForm?

    /// The client's address without the port, for limits on clients that have no token yet.
    public let clientAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
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
    /// Largest body of `POST /api/v1/predictions/batch` (100,000 customers with a few dozen features).
    public static let maxBatchJobBodyBytes = 64 * 1024 * 1024
    /// Most customers in one batch prediction job.
    public static let maxBatchJobItems = 100_000
    /// The routes anyone may call, without a token: probes, metrics and the contract.
    public static let publicPaths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.yaml"]

    /// Largest CSV the console's batch prediction or outcomes upload takes (the API's job limit is for machines).
    public static let maxConsoleUploadBytes = 16 * 1024 * 1024

    /// The body limit of a path: the batch-job route takes large bodies, the console's CSV uploads
    /// a medium one, every other route 2 MiB.
    static func maxBodyBytes(forPath path: String) -> Int {
        switch path {
        case "/api/v1/predictions/batch": maxBatchJobBodyBytes
        case "/console/predict/batch", "/console/campaigns/outcomes": maxConsoleUploadBytes
        default: maxBodyBytes
        }
    }

    /// The console's pages sign in with a session cookie, not a bearer token: the request-timeout
    /// responder leaves their authentication to ``ConsoleAccessMiddleware``.
    static func isConsolePath(_ path: String) -> Bool {
        path == "/console" || path.hasPrefix("/console/")
    }
}

/// Facts a route records for the request log line (which customers it touched). Routes receive a
/// copy of the context, so this is a shared reference rather than a context field.
public final class RequestAnnotations: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    private var answered = false

    public init() {}

    public var customerIDs: [String] {
        get { lock.lock(); defer { lock.unlock() }; return ids }
        set { lock.lock(); ids = newValue; lock.unlock() }
    }

    /// Set when ``RequestTimeoutResponder`` has answered (and logged) the request itself, so the
    /// abandoned handler's late outcome is not logged or counted a second time.
    public var answeredByTimeout: Bool {
        get { lock.lock(); defer { lock.unlock() }; return answered }
        set { lock.lock(); answered = newValue; lock.unlock() }
    }
}
