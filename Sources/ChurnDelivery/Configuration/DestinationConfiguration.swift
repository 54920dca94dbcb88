import Foundation

/// One named destination of `delivery.yaml`: where messages go, how they are signed or paced and
/// retried, and which campaign candidates it receives. Secrets are resolved from the environment or
/// files when the configuration is read; `description` never shows them (nor a Slack URL, which is one).
public struct DestinationConfiguration: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// Signed JSON per the Standard Webhooks specification, one message per campaign action.
        case webhook
        /// A Slack incoming webhook: one Block Kit digest per campaign.
        case slack
        /// Salesforce REST: the account's risk fields upserted by external id, and a Task for its owner.
        case salesforce
        /// HubSpot CRM v3: the company (or contact) upserted by a unique property, and a task.
        case hubspot
        /// Jira Cloud: an issue for each high-value action, found again by its label instead of duplicated.
        case jira

        /// Destinations that receive one `retention.action` message per accepted candidate.
        public var receivesActions: Bool { self != .slack }
    }

    public var name: String
    public var kind: Kind
    public var url: URL
    /// Webhook signing secrets (`whsec_…` base64, or raw text); several during a rotation.
    public var secrets: [String]
    public var retry: RetryPolicy
    /// Messages per second at most; nil for no limit.
    public var rateLimit: Double?
    public var timeoutSeconds: Double
    /// Risk tiers whose candidates this destination receives; nil for every tier.
    public var tiers: Set<String>?
    /// Routes (`auto-execute`, `review`, `urgent`…) whose candidates it receives; nil for every route.
    public var routes: Set<String>?
    /// Slack: how many customers the digest lists.
    public var topCustomers: Int
    /// Salesforce, HubSpot and Jira: credentials besides `secrets`, object and field names.
    public var crm: CRMSettings

    public init(
        name: String, kind: Kind, url: URL, secrets: [String] = [], retry: RetryPolicy = RetryPolicy(), rateLimit: Double? = nil,
        timeoutSeconds: Double = 10, tiers: Set<String>? = nil, routes: Set<String>? = nil, topCustomers: Int = 10,
        crm: CRMSettings = CRMSettings()
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secrets = secrets
        self.retry = retry
        self.rateLimit = rateLimit
        self.timeoutSeconds = timeoutSeconds
        self.tiers = tiers
        self.routes = routes
        self.topCustomers = topCustomers
        self.crm = crm
    }

    /// Whether a candidate of `tier` on `route` worth `lifetimeValue` goes to this destination.
    public func accepts(tier: String, route: String, lifetimeValue: Double = .infinity) -> Bool {
        (tiers?.contains(tier) ?? true) && (routes?.contains(route) ?? true) && lifetimeValue >= crm.minimumLifetimeValue
    }

    public var description: String {
        let target = kind == .slack ? "(Slack URL from the environment)" : "\(url.scheme ?? "")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")\(url.path)"
        return "\(name) (\(kind.rawValue)) → \(target), \(secrets.count) secret(s), at most \(retry.maxAttempts) attempts"
    }
}
