/// What the CRM and ticketing destinations need besides a URL and a secret. Each type reads the
/// settings it uses; defaults name fields an administrator creates once (documented in README).
public struct CRMSettings: Sendable, Equatable {
    /// Salesforce: the connected app's client id (its secret is the destination's secret).
    public var clientID: String?
    /// Jira: the account (e-mail) of the API token.
    public var user: String?
    /// Salesforce: the API version in paths.
    public var apiVersion = "v60.0"
    /// Salesforce: the Account field that holds the customer id (an External ID field).
    public var externalIDField = "ChurnGuard_Customer_Id__c"
    /// Salesforce: the Task field (External ID, unique) that holds the action's idempotency key, so a
    /// re-sent action updates its task instead of creating a second one.
    public var taskKeyField = "ChurnGuard_Key__c"
    /// HubSpot: `companies` or `contacts`.
    public var object = "companies"
    /// HubSpot: the unique property that holds the customer id.
    public var idProperty = "churnguard_customer_id"
    /// The CRM field for each value ChurnGuard writes: `churn_probability`, `risk_level`,
    /// `top_reason`, `scored_on`, `offer`.
    public var fields: [String: String] = [:]
    /// Jira: project key and issue type.
    public var project: String?
    public var issueType = "Task"
    /// Only actions for customers worth at least this much (lifetime value) reach the destination.
    public var minimumLifetimeValue: Double = 0

    public static let fieldNames = ["churn_probability", "risk_level", "top_reason", "scored_on", "offer"]

    public init() {}

    static let salesforceDefaults = [
        "churn_probability": "Churn_Probability__c", "risk_level": "Churn_Risk_Level__c", "top_reason": "Churn_Top_Reason__c",
        "scored_on": "Churn_Scored_On__c", "offer": "Churn_Offer__c",
    ]
    static let hubSpotDefaults = [
        "churn_probability": "churn_probability", "risk_level": "churn_risk_level", "top_reason": "churn_top_reason",
        "scored_on": "churn_scored_on", "offer": "churn_offer",
    ]

    /// The field a value is written to: the mapping's, else the default for `kind`.
    public func field(_ value: String, for kind: DestinationConfiguration.Kind) -> String {
        fields[value] ?? (kind == .salesforce ? Self.salesforceDefaults : Self.hubSpotDefaults)[value] ?? value
    }
}
