import ChurnDecisions
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// What the pages show and do: the overview's figures, at-risk keyset pages and CSV export, the
/// customer's reasons and delivery status, predict through the API's validation, the batch
/// upload, promotion with its confirmation and audit.
@Suite struct ConsolePageTests {
    @Test func overviewCountsTheLatestScoringDay() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, token: try await test.token(.analyst))
            let page = try await browser.get(client, "/console")
            #expect(page.status == .ok)
            // 120 customers on 2025-12-01 plus the one with the odd id; CRITICAL: 80…99 and it.
            #expect(page.body.contains("Scoring day <strong>2025-12-01</strong>: <strong>121</strong> customers scored"))
            #expect(page.body.contains(#"<a href="/console/at-risk?tier=CRITICAL">CRITICAL</a></th><td class="num">21</td>"#))
            #expect(page.body.contains("<svg class=\"chart\" role=\"img\" aria-label=\"Customers per tier by scoring day\""))
            #expect(page.body.contains("engagement_score"))
        }
    }

    @Test func atRiskPagesFollowTheCursorAndTheCSVHasTheWholeFilter() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, token: try await test.token(.operator))
            // MEDIUM on 2025-12-01: probabilities 0.20…0.49, customers c020…c049 and c120… none: 30 rows.
            var uri: String? = "/console/at-risk?tier=MEDIUM"
            var seen: [String] = []
            var pages = 0
            while let next = uri {
                let page = try await browser.get(client, next)
                #expect(page.status == .ok)
                seen += Self.matches(#"<td><a href="/console/customer\?id=(c\d+)">"#, in: page.body)
                uri = Self.matches(#"<a rel="next" href="([^"]+)">"#, in: page.body).first?.replacingOccurrences(of: "&amp;", with: "&")
                pages += 1
                if pages > 5 { break }
            }
            #expect(seen == (20...49).reversed().map { "c0\($0)" })
            let ascending = try await browser.get(client, "/console/at-risk?tier=MEDIUM&sort=asc")
            #expect(Self.matches(#"<td><a href="/console/customer\?id=(c\d+)">"#, in: ascending.body).first == "c020")

            let csv = try await browser.get(client, "/console/at-risk.csv?tier=MEDIUM")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"at-risk-medium.csv\"")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.first == "customer_id,churn_probability,tier,top_reason,segment,offer,route,model_version")
            #expect(lines.count == 31)
            #expect(lines[1].hasPrefix("c049,0.490,MEDIUM,engagement_score"))

            // By campaign decision: the latest campaign's candidates.
            let filtered = try await browser.get(client, "/console/at-risk?tier=CRITICAL&segment=at_risk")
            #expect(Self.matches(#"<td><a href="/console/customer\?id=(c\d+)">"#, in: filtered.body) == ["c099", "c095"])
            #expect(filtered.body.contains("<td>holdout</td>"))
            let bad = try await browser.get(client, "/console/at-risk?tier=SEVERE")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("tier: tier must be one of"))
        }
    }

    @Test func customerPageShowsReasonsDecisionsOutcomeAndDelivery() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, token: try await test.token(.analyst))
            let page = try await browser.get(client, "/console/customer?id=c090")
            #expect(page.status == .ok)
            #expect(page.body.contains("Latest score <strong>0.900</strong> (CRITICAL)"))
            #expect(page.body.contains(#"aria-label="Reasons of the latest score (log-odds)""#))
            #expect(page.body.contains("<td>engagement_score</td><td>0.1</td><td class=\"num\">+0.8000</td>"))
            #expect(page.body.contains("<td>retained</td><td>crm-webhook: pending</td>"))
            let held = try await browser.get(client, "/console/customer?id=c099")
            #expect(held.body.contains("holdout (no offer)"))
            let features = try await browser.get(client, "/console/customer?id=c001")
            #expect(features.body.contains("<td>autopay</td><td>true</td>"))
            // The fixture's production bundle keeps no reference distributions: the page says so per feature.
            #expect(features.body.contains("<th scope=\"col\">Among training customers</th>"))
            #expect(features.body.contains("<td>autopay</td><td>true</td><td>no reference in the production model</td>"), "\(features.body)")
            #expect(try await browser.get(client, "/console/customer?id=nobody").status == .notFound)
        }
    }

    @Test func predictShowsTheAPIsErrorNextToTheFieldAndScoresGoodInput() async throws {
        try await ConsoleFixture.withConsole(seeded: false) { client, test, store in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, token: try await test.token(.scorer))
            let form = try await browser.get(client, "/console/predict")
            // One labelled input per schema feature.
            for name in TestServer.schema.names { #expect(form.body.contains(#"<label for="f-\#(name)">"#), "\(name)") }
            let bad = try await browser.post(client, "/console/predict", [("customer_id", "p-1"), ("engagement_score", "1.5"), ("behavioral_score", "abc")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains(#"aria-invalid="true" aria-describedby="e-"#))
            let errors = Self.matches(#"<p class="field-error" id="e-([a-z_0-9]+)">"#, in: bad.body)
            #expect(errors.count == 1 && ["behavioral_score", "engagement_score"].contains(errors[0]))
            #expect(bad.body.contains(#"value="abc""#), "the form keeps what was typed")

            let good = try await browser.post(client, "/console/predict", [("customer_id", "p-2"), ("engagement_score", "0.2"), ("behavioral_score", "40"), ("autopay", "true")])
            #expect(good.status == .ok)
            #expect(good.body.contains("Result for p-2"))
            #expect(good.body.contains(#"aria-label="Reasons of this score (log-odds)""#))
            #expect(try await store.predictionsLog.latest(customerID: "p-2")?.servedBy == .production)
        }
    }

    @Test func batchUploadListsBadLinesOrDownloadsTheScores() async throws {
        try await ConsoleFixture.withConsole(seeded: false) { client, test, store in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, token: try await test.token(.admin))
            _ = try await browser.get(client, "/console/predict")
            let bad = try await browser.upload(client, "/console/predict/batch", file: "customer_id,engagement_score,tenure\nb-1,0.5,3\n")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("line 2: tenure: unknown field"))
            let invalid = try await browser.upload(client, "/console/predict/batch", file: "customer_id,engagement_score\nb-1,0.5\nb-2,7\nb-3,x\n")
            #expect(invalid.body.contains("line 3: engagement_score: engagement_score is 7.0, above its maximum 1.0") || invalid.body.contains("line 3: engagement_score:"))
            #expect(invalid.body.contains("line 4: engagement_score:"))
            #expect(!invalid.body.contains("line 2:"))
            #expect(try await store.predictionsLog.latest(customerID: "b-1") == nil, "nothing is scored while a line is wrong")

            let good = try await browser.upload(client, "/console/predict/batch", file: "customer_id,engagement_score,autopay\nb-1,0.5,true\nb-2,0.9,false\n")
            #expect(good.status == .ok)
            #expect(good.headers[.contentDisposition] == "attachment; filename=\"predictions.csv\"")
            let lines = good.body.split(separator: "\r\n")
            #expect(lines.first == "customer_id,churn_probability,churn_risk_level,top_churn_feature,model_version")
            #expect(lines.count == 3 && lines[1].hasPrefix("b-1,") && lines[2].hasPrefix("b-2,"))
        }
    }

    @Test func adminPromotesAfterConfirmingAndAnalystsAreRefused() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            var analyst = ConsoleBrowser()
            try await analyst.signIn(client, token: try await test.token(.analyst))
            let detail = try await analyst.get(client, "/console/models/v-b")
            #expect(!detail.body.contains("Promote to production"))
            #expect(try await analyst.post(client, "/console/models/v-b/promote", [("reason", "x")]).status == .forbidden)
            #expect(try await store.modelRegistry.production()?.version == "v-a")

            var admin = ConsoleBrowser()
            try await admin.signIn(client, token: try await test.token(.admin))
            let confirm = try await admin.get(client, "/console/models/v-b/promote")
            #expect(confirm.body.contains(#"<form method="post" action="/console/models/v-b/promote">"#))
            let done = try await admin.post(client, "/console/models/v-b/promote", [("reason", "better lift"), ("confirm", "yes")])
            #expect(done.status == .seeOther)
            #expect(try await store.modelRegistry.production()?.version == "v-b")
            #expect(test.server.models.snapshot.production.bundle.version == "v-b")
            let change = try #require(try await store.modelRegistry.history(version: "v-b").last)
            #expect(change.actor == "client-admin" && change.reason == "better lift")
            let page = try await admin.get(client, "/console/models/v-b")
            #expect(page.body.contains("<td>client-admin</td><td>better lift</td>"))

            #expect(try await admin.post(client, "/console/models/rollback", [("reason", "oops")]).status == .seeOther)
            #expect(try await store.modelRegistry.production()?.version == "v-a")
            #expect(test.server.models.snapshot.production.bundle.version == "v-a")
        }
    }

    @Test func operatorsPlanCampaignsAndAnalystsCannot() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            var analyst = ConsoleBrowser()
            try await analyst.signIn(client, token: try await test.token(.analyst))
            #expect(!(try await analyst.get(client, "/console/campaigns")).body.contains("Plan the campaign"))
            #expect(try await analyst.post(client, "/console/campaigns", [("as_of", "2025-12-01")]).status == .forbidden)

            var operator_ = ConsoleBrowser()
            try await operator_.signIn(client, token: try await test.token(.operator))
            let form = try await operator_.get(client, "/console/campaigns")
            #expect(form.body.contains(#"<input id="as_of" name="as_of" value="2025-12-01">"#))
            let bad = try await operator_.post(client, "/console/campaigns", [("as_of", "2025-13-45")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("as_of: &#39;2025-13-45&#39; is not a date YYYY-MM-DD"))
            let empty = try await operator_.post(client, "/console/campaigns", [("as_of", "2024-01-01"), ("program_id", RetentionProgram.default.programID)])
            #expect(empty.status == .conflict)
            #expect(empty.body.contains("as_of: "))
            let planned = try await operator_.post(client, "/console/campaigns", [("as_of", "2025-12-01"), ("campaign_id", "console-plan-1")])
            #expect(planned.status == .seeOther, "\(planned.body.prefix(3_000))")
            #expect(planned.location == "/console/campaigns/console-plan-1")
            #expect(try await store.campaigns.campaign(id: "console-plan-1")?.createdBy == "client-operator")
            let again = try await operator_.post(client, "/console/campaigns", [("as_of", "2025-12-01"), ("campaign_id", "console-plan-1")])
            #expect(again.status == .conflict && again.body.contains("already exists"))
        }
    }

    @Test func theOverviewCacheAnswersAStaleOverviewWhileItRecounts() async throws {
        let cache = OverviewCache(maxAge: .zero)
        let counts = Counter()
        let compute: @Sendable () async throws -> RiskOverview = {
            var overview = RiskOverview()
            overview.day = "count-\(await counts.next())"
            return overview
        }
        #expect(try await cache.overview(compute).day == "count-1")
        // Stale at once (max age zero): answered with what it has, a recount starts behind it.
        #expect(try await cache.overview(compute).day == "count-1")
        var latest = ""
        for _ in 0..<200 where latest != "count-2" {
            try await Task.sleep(for: .milliseconds(5))
            latest = try await cache.overview(compute).day ?? ""
        }
        #expect(latest == "count-2" || latest == "count-3")
    }

    actor Counter {
        var value = 0
        func next() -> Int { value += 1; return value }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
