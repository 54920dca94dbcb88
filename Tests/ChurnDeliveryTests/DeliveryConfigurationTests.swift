import ChurnDelivery
import Foundation
import Testing

/// `delivery.yaml`: the minimal webhook file reads with the defaults; every mistake is reported at
/// once with key path and line, and no message shows a secret.
@Suite struct DeliveryConfigurationTests {
    static let environment = ["HOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "OLD_SECRET": "whsec_b2xkLXNlY3JldA==",
                              "SLACK_URL": "https://hooks.slack.com/services/T000/B000/XXXXSECRET"]

    @Test func theMinimalWebhookFileReadsWithDefaults() throws {
        let configuration = try DeliveryConfiguration(yaml: """
            destinations:
              - name: hooks
                type: webhook
                url: http://127.0.0.1:9000/hook
                secret_env: HOOK_SECRET
            """, environment: Self.environment)
        let hooks = try #require(configuration.destination(named: "hooks"))
        #expect(hooks.kind == .webhook && hooks.url.absoluteString == "http://127.0.0.1:9000/hook")
        #expect(hooks.secrets == [Self.environment["HOOK_SECRET"]!])
        #expect(hooks.retry == RetryPolicy(maxAttempts: 5, baseSeconds: 1, capSeconds: 300))
        #expect(hooks.rateLimit == nil && hooks.tiers == nil && hooks.routes == nil)
        #expect(configuration.batchSize == 256 && configuration.concurrency == 32)
        #expect(!"\(hooks)".contains("MfKQ9r8G"))
    }

    @Test func everySettingIsRead() throws {
        let configuration = try DeliveryConfiguration(yaml: """
            destinations:
              - name: hooks
                type: webhook
                url: https://crm.example.com/hooks/churn
                secret_env: [HOOK_SECRET, OLD_SECRET]
                retry: {max_attempts: 8, base_seconds: 2, cap_seconds: 600}
                rate_limit: 50
                timeout_seconds: 3
                tiers: [high, CRITICAL]
                routes: [urgent]
              - name: retention-channel
                type: slack
                url_env: SLACK_URL
                top_customers: 5
            worker: {batch_size: 100, concurrency: 4, lease_seconds: 30}
            """, environment: Self.environment)
        let hooks = try #require(configuration.destination(named: "hooks"))
        #expect(hooks.secrets.count == 2 && hooks.retry == RetryPolicy(maxAttempts: 8, baseSeconds: 2, capSeconds: 600))
        #expect(hooks.rateLimit == 50 && hooks.timeoutSeconds == 3 && hooks.tiers == ["HIGH", "CRITICAL"] && hooks.routes == ["urgent"])
        #expect(hooks.accepts(tier: "HIGH", route: "urgent") && !hooks.accepts(tier: "MEDIUM", route: "urgent") && !hooks.accepts(tier: "HIGH", route: "review"))
        let slack = try #require(configuration.destination(named: "retention-channel"))
        #expect(slack.kind == .slack && slack.rateLimit == 1 && slack.topCustomers == 5 && slack.url.host == "hooks.slack.com")
        #expect(!"\(slack)".contains("XXXXSECRET"))
        #expect(configuration.batchSize == 100 && configuration.concurrency == 4 && configuration.leaseSeconds == 30)
    }

    @Test func mistakesAreReportedWithKeyAndLineAndNoSecret() throws {
        let error = #expect(throws: DeliveryConfigurationError.self) {
            try DeliveryConfiguration(yaml: """
                destinations:
                  - name: hooks
                    type: webhook
                    url: ftp://example.com/x
                    secret_env: MISSING_SECRET
                  - name: crm
                    type: zendesk
                    url: https://example.com
                    secret_env: HOOK_SECRET
                  - name: chat
                    type: slack
                    url: https://hooks.slack.com/services/T/B/INLINESECRET
                  - name: hooks
                    type: webhook
                    url: http://127.0.0.1/x
                    secret_env: HOOK_SECRET
                    retries: 3
                """, environment: Self.environment)
        }
        let issues = try #require(error?.issues)
        let byKey = Dictionary(issues.map { ($0.keyPath, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byKey["destinations[0].url"]?.line == 4 && byKey["destinations[0].url"]?.message.contains("http(s)") == true)
        #expect(byKey["destinations[0].secret_env"]?.message == "the environment variable MISSING_SECRET is not set")
        #expect(byKey["destinations[1].type"]?.line == 7 && byKey["destinations[1].type"]?.message.contains("unknown destination type 'zendesk'") == true)
        #expect(byKey["destinations[1].type"]?.message.contains("salesforce, hubspot, jira") == true)
        #expect(byKey["destinations[2].url"]?.message.contains("url_env or url_file") == true)
        #expect(byKey["destinations[3].retries"]?.line == 17)
        let text = "\(error!)"
        #expect(!text.contains("INLINESECRET") && !text.contains("MfKQ9r8G"))
    }

    @Test func secretsAndURLsComeFromFiles() throws {
        let files = ["/run/secrets/hook": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", "/run/secrets/slack": "https://hooks.slack.com/services/T/B/C\n"]
        let configuration = try DeliveryConfiguration(yaml: """
            destinations:
              - {name: hooks, type: webhook, url: "http://127.0.0.1:9/h", secret_file: /run/secrets/hook}
              - {name: chat, type: slack, url_file: /run/secrets/slack}
            """, environment: [:], readFile: { files[$0] })
        #expect(configuration.destination(named: "hooks")?.secrets == ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        #expect(configuration.destination(named: "chat")?.url.absoluteString == "https://hooks.slack.com/services/T/B/C")
        #expect(throws: DeliveryConfigurationError.self) {
            try DeliveryConfiguration(yaml: "destinations:\n  - {name: hooks, type: webhook, url: \"http://h/x\", secret_file: /nope}\n", environment: [:], readFile: { files[$0] })
        }
    }
}
