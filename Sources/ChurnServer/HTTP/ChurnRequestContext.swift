import ChurnStore
import Foundation
import Hummingbird
import Logging
import Synchronization

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
    /// Set once ``RequestTimeoutResponder`` has looked the session up, so the console's access check
    /// does not look again.
    public var consoleSessionLookedUp = false
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

    /// Largest sign-in form (`POST /console/login`): a name, a password or an API token, and two
    /// short fields. The one body read before its sender is known, so it is kept small.
    public static let maxSignInBodyBytes = 16 * 1024

    /// The sign-in form is the one body read before its sender is known: ``RequestTimeoutResponder``
    /// checks a bearer token or a console session before reading any other.
    static let signInPath = "/console/login"

    /// The body limit of a path: none for the open routes (probes, metrics and the contract take no
    /// body), a small one for the sign-in form, a large one for the batch-job route, a medium one
    /// for the console's CSV uploads, and 2 MiB for every other route.
    static func maxBodyBytes(forPath path: String) -> Int {
        if publicPaths.contains(path) { return 0 }
        switch path {
        case signInPath: return maxSignInBodyBytes
        case "/api/v1/predictions/batch": return maxBatchJobBodyBytes
        case "/console/predict/batch", "/console/campaigns/outcomes": return maxConsoleUploadBytes
        default: return maxBodyBytes
        }
    }

    /// The console's pages sign in with a session cookie, not a bearer token: the request-timeout
    /// responder checks the session instead (and leaves roles and CSRF to ``ConsoleAccessMiddleware``).
    static func isConsolePath(_ path: String) -> Bool {
        path == "/console" || path.hasPrefix("/console/")
    }

    /// Whether a request to `path` (with its query) may have its body read before its sender is known.
    static func readsBodyBeforeAuthentication(_ path: String) -> Bool {
        path == signInPath || path.hasPrefix(signInPath + "?")
    }

    /// Console paths open without a session: the sign-in page and the stylesheet it uses.
    static func isOpenConsolePath(_ path: String) -> Bool {
        path == signInPath || path == "/console/static/console.css"
    }
}

/// Facts a route records for the request log line (which customers it touched). Routes receive a
/// copy of the context, so this is a shared reference rather than a context field.
public final class RequestAnnotations: Sendable {
    private let notes = Mutex((customerIDs: [String](), answeredByTimeout: false))

    public init() {}

    public var customerIDs: [String] {
        get { notes.withLock { $0.customerIDs } }
        set { notes.withLock { $0.customerIDs = newValue } }
    }

    /// Set when ``RequestTimeoutResponder`` has answered (and logged) the request itself, so the
    /// abandoned handler's late outcome is not logged or counted a second time.
    public var answeredByTimeout: Bool {
        get { notes.withLock { $0.answeredByTimeout } }
        set { notes.withLock { $0.answeredByTimeout = newValue } }
    }
}
