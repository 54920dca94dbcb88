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

    public init(
        name: String, kind: Kind, url: URL, secrets: [String] = [], retry: RetryPolicy = RetryPolicy(), rateLimit: Double? = nil,
        timeoutSeconds: Double = 10, tiers: Set<String>? = nil, routes: Set<String>? = nil, topCustomers: Int = 10
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
    }

    /// Whether a candidate of `tier` on `route` goes to this destination.
    public func accepts(tier: String, route: String) -> Bool {
        (tiers?.contains(tier) ?? true) && (routes?.contains(route) ?? true)
    }

    public var description: String {
        let target = kind == .slack ? "(Slack URL from the environment)" : "\(url.scheme ?? "")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")\(url.path)"
        return "\(name) (\(kind.rawValue)) → \(target), \(secrets.count) secret(s), at most \(retry.maxAttempts) attempts"
    }
}
