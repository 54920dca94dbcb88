import ChurnDelivery
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing

/// Salesforce, HubSpot and Jira destinations through the worker against local servers that speak
/// their APIs and fail like them: each action reaches the CRM once in effect, expired sessions and
/// rate limits are ridden out, and refusals are dead letters that say why.
@Suite struct CRMDestinationTests {
    typealias Support = DeliveryTestSupport

    static let environment = [
        "SF_CLIENT_ID": FakeCRM.clientID, "SF_CLIENT_SECRET": FakeCRM.clientSecret, "HUBSPOT_TOKEN": FakeCRM.hubSpotToken,
        "JIRA_USER": FakeCRM.jiraUser, "JIRA_TOKEN": FakeCRM.jiraToken,
    ]

    static func configuration(port: Int) throws -> DeliveryConfiguration {
        try DeliveryConfiguration(yaml: """
            destinations:
              - name: salesforce
                type: salesforce
                url: http://127.0.0.1:\(port)
                client_id_env: SF_CLIENT_ID
                secret_env: SF_CLIENT_SECRET
                external_id_field: Customer_Id__c
                fields: {top_reason: Churn_Driver__c}
                retry: {base_seconds: 0.01, cap_seconds: 0.05}
              - name: hubspot
                type: hubspot
                url: http://127.0.0.1:\(port)
                secret_env: HUBSPOT_TOKEN
                id_property: customer_id
                rate_limit: 1000
                retry: {base_seconds: 0.01, cap_seconds: 0.05}
              - name: jira
                type: jira
                url: http://127.0.0.1:\(port)
                user_env: JIRA_USER
                secret_env: JIRA_TOKEN
                project: CS
                min_lifetime_value: 5000
                tiers: [HIGH]
                retry: {base_seconds: 0.01, cap_seconds: 0.05}
            worker: {batch_size: 50, concurrency: 4, lease_seconds: 30}
            """, environment: Self.environment)
    }

    static func action(_ customer: String, destination: String, route: String = "review", risk: String = "HIGH") -> OutboxMessageDraft {
        let payload = """
            {"type":"retention.action","timestamp":"2025-10-06T02:00:00Z","data":{"campaign_id":"cp-7","program_id":"default","as_of":"2025-10-01",\
            "customer_id":"\(customer)","risk_level":"\(risk)","churn_probability":0.8312,"segment":"smb","offer_id":"discount-20",\
            "offer_type":"discount","channel":"email","route":"\(route)","lifetime_value":12000,"expected_value":340.5,"priority":0.9,\
            "reasons":["support_ticket_volume_30d = 9 raised risk","engagement_score = 0.2 raised risk"],"expires_at":"2025-10-20T00:00:00Z"}}
            """
        return OutboxMessageDraft(destination: destination, kind: "retention.action", idempotencyKey: "cp-7/\(customer)/discount-20", payloadJSON: payload)
    }

    @Test func salesforceUpsertsTheAccountAndOneTaskPerActionAcrossAnExpiredSession() async throws {
        let crm = FakeCRM()
        try await crm.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    let configuration = try Self.configuration(port: port)
                    try await store.outbox.enqueue((0..<6).map { Self.action("c\($0)", destination: "salesforce") })
                    let worker = OutboxWorker(outbox: store.outbox, configuration: configuration, client: client)
                    let first = try await worker.run(.drain)
                    #expect(first.delivered == 6 && first.dead == 0)
                    let (tokens, accounts, tasks) = crm.snapshot { ($0.tokensIssued, $0.accounts, $0.salesforceTasks) }
                    // One token for six messages sent four at a time.
                    #expect(tokens == 1)
                    #expect(accounts.count == 6 && accounts["c3"]?["Churn_Probability__c"] == "0.8312")
                    #expect(accounts["c3"]?["Churn_Risk_Level__c"] == "HIGH" && accounts["c3"]?["Churn_Driver__c"]?.hasPrefix("support_ticket_volume_30d") == true)
                    #expect(tasks.count == 6 && tasks["cp-7/c3/discount-20"]?["ActivityDate"] == "2025-10-20")

                    // The session expires, and a worker that never recorded c3 (a crash between send and
                    // record, here a second outbox) sends it again with c9: one new token, c3's account
                    // and task updated in place, one task more (c9's), not two.
                    crm.expireSession()
                    try await Support.withStore { other in
                        try await other.outbox.enqueue([Self.action("c3", destination: "salesforce"), Self.action("c9", destination: "salesforce")])
                        let second = try await OutboxWorker(outbox: other.outbox, configuration: configuration, client: client).run(.drain)
                        #expect(second.delivered == 2)
                    }
                    #expect(crm.snapshot(\.tokensIssued) == 2)
                    #expect(crm.snapshot { $0.salesforceTasks.count } == 7 && crm.snapshot { $0.accounts.count } == 7)
                    #expect(crm.snapshot(\.rejectedPayloads).isEmpty)
                }
            }
        }
    }

    @Test func salesforceRefusalsAndBackPressure() async throws {
        let crm = FakeCRM()
        crm.update {
            $0.duplicateAccounts = ["c1"]
            $0.scripts["sf.task"] = [.status(403, body: #"[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests Limit exceeded."}]"#)]
        }
        try await crm.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue([Self.action("c1", destination: "salesforce"), Self.action("c2", destination: "salesforce")])
                    let worker = OutboxWorker(outbox: store.outbox, configuration: try Self.configuration(port: port), client: client)
                    let tally = try await worker.run(.once)
                    #expect(tally.dead == 1 && tally.retried == 1)
                    let dead = try await store.outbox.deadLetters()
                    #expect(dead.count == 1 && dead[0].lastStatus == 300)
                    #expect(dead[0].lastError?.contains("several Accounts have Customer_Id__c = c1") == true, "\(dead[0].lastError ?? "")")
                    // The request limit is back-pressure: the message waits about a minute, it is not dead.
                    let waiting = try #require(try await store.outbox.messages(state: .pending).first)
                    #expect(waiting.lastStatus == 403 && waiting.nextAttemptAt.timeIntervalSinceNow > 30)
                }
            }
        }
    }

    @Test func hubSpotUpsertsTheCompanyAndAddsOneAssociatedTaskThroughA429() async throws {
        let crm = FakeCRM()
        crm.update {
            $0.scripts["hs.upsert"] = [.status(429, body: #"{"status":"error","policyName":"TEN_SECONDLY_ROLLING"}"#, headers: [
                "X-HubSpot-RateLimit-Interval-Milliseconds": "100", "X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Remaining": "0",
            ])]
        }
        try await crm.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    try await store.outbox.enqueue((0..<4).map { Self.action("h\($0)", destination: "hubspot", route: $0 == 0 ? "urgent" : "review") })
                    let worker = OutboxWorker(outbox: store.outbox, configuration: try Self.configuration(port: port), client: client)
                    let tally = try await worker.run(.drain)
                    #expect(tally.delivered == 4 && tally.dead == 0 && tally.retried >= 1)
                    let (companies, tasks) = crm.snapshot { ($0.companies, $0.hubSpotTasks) }
                    #expect(companies.count == 4 && companies["h0"]?.properties["churn_risk_level"] == "HIGH")
                    #expect(tasks.count == 4)
                    #expect(tasks.allSatisfy { task in companies.values.contains { $0.id == task.associatedWith } })
                    #expect(tasks.first { $0.subject.contains("h0") }?.priority == "HIGH")

                    // Sent again by a worker that never recorded it (a second outbox): the task is found
                    // by the key in its subject, not added again; the company is updated in place.
                    let configuration = try Self.configuration(port: port)
                    try await Support.withStore { other in
                        try await other.outbox.enqueue([Self.action("h1", destination: "hubspot")])
                        #expect(try await OutboxWorker(outbox: other.outbox, configuration: configuration, client: client).run(.drain).delivered == 1)
                    }
                    #expect(crm.snapshot { $0.hubSpotTasks.count } == 4 && crm.snapshot { $0.companies.count } == 4)
                }
            }
        }
    }

    @Test func jiraOpensOneIssuePerHighValueActionAndNeverASecond() async throws {
        let crm = FakeCRM()
        crm.update { $0.scripts["jira.issue"] = [.status(503)] }
        try await crm.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    let configuration = try Self.configuration(port: port)
                    try await store.outbox.enqueue([Self.action("j1", destination: "jira", route: "urgent"), Self.action("j2", destination: "jira")])
                    let worker = OutboxWorker(outbox: store.outbox, configuration: configuration, client: client)
                    #expect(try await worker.run(.drain).delivered == 2)
                    let issues = crm.snapshot(\.jiraIssues)
                    #expect(issues.count == 2 && issues.allSatisfy { $0.key.hasPrefix("CS-") && $0.labels.contains("churnguard") })
                    #expect(issues.first { $0.summary.contains("j1") }?.priority == "Highest")

                    // The same action again from a worker that never recorded it: found by its label.
                    try await Support.withStore { other in
                        try await other.outbox.enqueue([Self.action("j1", destination: "jira", route: "urgent")])
                        #expect(try await OutboxWorker(outbox: other.outbox, configuration: configuration, client: client).run(.drain).delivered == 1)
                    }
                    #expect(crm.snapshot { $0.jiraIssues.count } == 2)
                    // Only HIGH actions worth at least min_lifetime_value are sent to Jira.
                    let jira = try #require(configuration.destination(named: "jira"))
                    #expect(jira.accepts(tier: "HIGH", route: "urgent", lifetimeValue: 12_000))
                    #expect(!jira.accepts(tier: "HIGH", route: "urgent", lifetimeValue: 4_999))
                    #expect(!jira.accepts(tier: "MEDIUM", route: "urgent", lifetimeValue: 12_000))
                }
            }
        }
    }

    @Test func aTierSyncUpdatesTheRecordsFieldsWithoutATask() async throws {
        let crm = FakeCRM()
        try await crm.run { port in
            try await Support.withStore { store in
                try await Support.withClient { client in
                    let tier = SyncedTier(riskLevel: "LOW", churnProbability: 0.12, asOf: "2025-10-02")
                    let previous = SyncedTier(riskLevel: "HIGH", churnProbability: 0.8, asOf: "2025-10-01")
                    try await store.outbox.enqueue([
                        try TierSyncMessages.draft(destination: "salesforce", customerID: "s1", tier: tier, previous: previous),
                        try TierSyncMessages.draft(destination: "hubspot", customerID: "s1", tier: tier, previous: previous),
                    ])
                    let tally = try await OutboxWorker(outbox: store.outbox, configuration: try Self.configuration(port: port), client: client).run(.drain)
                    #expect(tally.delivered == 2)
                    let (accounts, companies, sfTasks, hsTasks) = crm.snapshot { ($0.accounts, $0.companies, $0.salesforceTasks, $0.hubSpotTasks) }
                    #expect(accounts["s1"]?["Churn_Risk_Level__c"] == "LOW" && accounts["s1"]?["Churn_Scored_On__c"] == "2025-10-02")
                    #expect(companies["s1"]?.properties["churn_risk_level"] == "LOW")
                    #expect(sfTasks.isEmpty && hsTasks.isEmpty)
                }
            }
        }
    }

    @Test func hubSpotIsPacedUnderItsDefaultLimitUnlessToldOtherwise() throws {
        let configuration = try DeliveryConfiguration(yaml: """
            destinations:
              - {name: hs, type: hubspot, url: "https://api.hubapi.com", secret_env: HUBSPOT_TOKEN}
              - {name: hs-fast, type: hubspot, url: "https://api.hubapi.com", secret_env: HUBSPOT_TOKEN, rate_limit: 20}
            """, environment: Self.environment)
        // 100 requests per 10 s, up to three requests an action.
        #expect(configuration.destination(named: "hs")?.rateLimit == 3)
        #expect(configuration.destination(named: "hs-fast")?.rateLimit == 20)
        #expect(configuration.destination(named: "hs")?.crm.object == "companies" && configuration.destination(named: "hs")?.crm.idProperty == "churnguard_customer_id")
    }

    @Test func configurationErrorsNameTheKey() {
        do {
            _ = try DeliveryConfiguration(yaml: """
                destinations:
                  - name: sf
                    type: salesforce
                    url: https://example.my.salesforce.com
                    secret_env: SF_CLIENT_SECRET
                    project: CS
                  - name: jira
                    type: jira
                    url: https://example.atlassian.net
                    secret_env: JIRA_TOKEN
                    user_env: JIRA_USER
                    project: customer-success
                  - name: hs
                    type: hubspot
                    url: https://api.hubapi.com
                    object: deals
                """, environment: Self.environment)
            Issue.record("accepted")
        } catch {
            let text = error.description
            #expect(text.contains("destinations[0].client_id_env: a salesforce destination needs the connected app's client id"), "\(text)")
            #expect(text.contains("destinations[0].project: 'project' does not apply to a salesforce destination"), "\(text)")
            #expect(text.contains("destinations[1].project: 'customer-success' is not a Jira project key"), "\(text)")
            #expect(text.contains("destinations[2].secret_env: a hubspot destination needs a private app access token"), "\(text)")
            #expect(text.contains("destinations[2].object: 'deals' is not companies or contacts"), "\(text)")
            #expect(!text.contains(FakeCRM.clientSecret))
        }
    }
}
