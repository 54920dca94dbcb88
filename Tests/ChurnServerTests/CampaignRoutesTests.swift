import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// Campaigns, candidates, feedback and the dashboard over real HTTP against a real SQLite store.
@Suite struct CampaignRoutesTests {
    /// A server over `store`, seeded with 600 scored customers.
    static func serving(_ store: ChurnStore) async throws -> TestServer {
        try await CampaignFixtures.seed(store, customers: 600)
        var test = try await TestServer()
        test.server.store = store
        return test
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test func operatorPlansAndAnalystReadsPagedCandidates() async throws {
        try await withTestStore { store, _ in
            let test = try await Self.serving(store)
            let operatorHeaders = try await test.headers(.operator)
            let analyst = try await test.headers(.analyst)
            let scorer = try await test.headers(.scorer)
            try await test.server.makeApplication().test(.router) { client in
                try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: scorer, body: Self.body(#"{"as_of":"2025-10-01"}"#)) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: analyst, body: Self.body(#"{"as_of":"2025-10-01"}"#)) {
                    #expect($0.status == .forbidden)
                }
                var candidates = 0
                try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: operatorHeaders,
                                         body: Self.body(#"{"as_of":"2025-10-01","campaign_id":"oct-1"}"#)) { response in
                    #expect(response.status == .created)
                    #expect(response.headers[.location] == "/api/v1/campaigns/oct-1")
                    let object = try #require(json(response.body) as? [String: Any])
                    #expect(object["campaign_id"] as? String == "oct-1")
                    #expect(object["created_by"] as? String == "client-operator")
                    candidates = object["candidates"] as? Int ?? 0
                    let summary = try #require(object["summary"] as? [String: Any])
                    #expect((summary["funnel"] as? [String: Any])?["entered"] as? Int == 600)
                }
                #expect(candidates > 10)
                try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: operatorHeaders,
                                         body: Self.body(#"{"as_of":"2025-10-01","campaign_id":"oct-1"}"#)) { response in
                    #expect(response.status == .conflict)
                    #expect((json(response.body) as? [String: Any])?["field"] as? String == "campaign_id")
                }

                try await client.execute(uri: "/api/v1/campaigns", method: .get, headers: analyst) { response in
                    #expect(response.status == .ok)
                    let list = try #require((json(response.body) as? [String: Any])?["campaigns"] as? [[String: Any]])
                    #expect(list.map { $0["campaign_id"] as? String } == ["oct-1"])
                }
                try await client.execute(uri: "/api/v1/campaigns/oct-1", method: .get, headers: analyst) { response in
                    #expect(response.status == .ok)
                    let results = try #require((json(response.body) as? [String: Any])?["results"] as? [String: Any])
                    #expect(results["outcomes"] as? Int == 0)
                }

                // Page through the HIGH candidates: no overlap, all HIGH, counts add up.
                let total = try await store.campaigns.candidateCount(campaignID: "oct-1", riskLevel: "HIGH")
                var seen: [String] = []
                var next: String? = "/api/v1/campaigns/oct-1/candidates?risk_level=HIGH&page_size=7"
                while let uri = next {
                    next = nil
                    try await client.execute(uri: uri, method: .get, headers: analyst) { response in
                        #expect(response.status == .ok)
                        let object = try #require(json(response.body) as? [String: Any])
                        #expect(object["total"] as? Int == total)
                        let rows = try #require(object["candidates"] as? [[String: Any]])
                        #expect(rows.allSatisfy { $0["risk_level"] as? String == "HIGH" && $0["holdout"] as? Bool == false })
                        seen += rows.compactMap { $0["customer_id"] as? String }
                        next = object["next"] as? String
                    }
                }
                #expect(seen.count == total && Set(seen).count == total)

                for bad in ["page=0", "page_size=1001", "page=x", "risk_level=SEVERE"] {
                    try await client.execute(uri: "/api/v1/campaigns/oct-1/candidates?\(bad)", method: .get, headers: analyst) { response in
                        #expect(response.status == .unprocessableContent, "\(bad)")
                    }
                }
                // A candidate's risk carries the decision of a campaign still running (planned today, so not
                // expired); a held-out customer is told it is in the control group.
                let formatter = ISO8601DateFormatter()
                formatter.formatOptions = [.withFullDate]
                let today = formatter.string(from: Date())
                try await CampaignFixtures.seed(store, customers: 600, asOf: today)
                try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: operatorHeaders,
                                         body: Self.body(#"{"as_of":"\#(today)","campaign_id":"current"}"#)) { #expect($0.status == .created) }
                let planned = try await store.campaigns.allCandidates(campaignID: "current")
                let offered = try #require(planned.first { !$0.isHoldout })
                try await client.execute(uri: "/api/v1/customers/\(offered.customerID)/risk", method: .get, headers: analyst) { response in
                    #expect(response.status == .ok)
                    let object = try #require(json(response.body) as? [String: Any])
                    let campaign = try #require(object["campaign"] as? [String: Any])
                    #expect(campaign["campaign_id"] as? String == "current" && campaign["offer_id"] as? String == offered.offerID)
                    #expect((object["recommended_action"] as? String)?.contains("offer \(offered.offerID) via \(offered.channel)") == true)
                }
                if let control = planned.first(where: \.isHoldout) {
                    try await client.execute(uri: "/api/v1/customers/\(control.customerID)/risk", method: .get, headers: analyst) { response in
                        let object = try #require(json(response.body) as? [String: Any])
                        #expect((object["recommended_action"] as? String)?.hasPrefix("control group of campaign current") == true)
                    }
                }
                try await client.execute(uri: "/api/v1/campaigns/nope", method: .get, headers: analyst) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/campaigns/nope/candidates", method: .get, headers: analyst) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/api/v1/campaigns/oct-1", method: .delete, headers: analyst) { response in
                    #expect(response.status == .methodNotAllowed)
                }
            }
        }
    }

    @Test func badCampaignRequestsAreRefusedWithTheField() async throws {
        try await withTestStore { store, _ in
            let test = try await Self.serving(store)
            let headers = try await test.headers(.operator)
            let cases: [(String, HTTPResponse.Status, String?)] = [
                (#"{"as_of":"2025-13-01"}"#, .unprocessableContent, "as_of"),
                (#"{"as_of":20251001}"#, .unprocessableContent, "as_of"),
                (#"{}"#, .unprocessableContent, "as_of"),
                (#"{"as_of":"2025-10-01","colour":"red"}"#, .unprocessableContent, "colour"),
                (#"{"as_of":"2025-11-01"}"#, .conflict, "as_of"),  // no scores logged for that day yet
                (#"{"as_of":"2025-10-01","program_id":"nope"}"#, .notFound, "program_id"),
                (#"{"as_of":"2025-10-01","program":"programId: x"}"#, .unprocessableContent, "program"),
                (#"{"as_of":"2025-10-01","campaign_id":"has space"}"#, .unprocessableContent, "campaign_id"),
                (#"{"as_of":"#, .badRequest, nil),
                (#"[1]"#, .unprocessableContent, nil),
            ]
            try await test.server.makeApplication().test(.router) { client in
                for (text, status, field) in cases {
                    try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: headers, body: Self.body(text)) { response in
                        #expect(response.status == status, "\(text)")
                        let object = json(response.body) as? [String: Any]
                        #expect(object?["field"] as? String == field, "\(text)")
                        #expect(object?["trace_id"] as? String != nil)
                    }
                }
            }
            #expect(try await store.campaigns.list().isEmpty)
        }
    }

    @Test func feedbackIsIdempotentAndFeedsTheDashboard() async throws {
        try await withTestStore { store, _ in
            let test = try await Self.serving(store)
            let operatorHeaders = try await test.headers(.operator)
            let analyst = try await test.headers(.analyst)
            let result = try await CampaignRun(store: store, program: .default, asOf: .init("2025-10-01")!, actor: "test").run()
            let campaignID = result.campaign.campaignID
            let treated = result.plan.candidates.prefix(20)
            let control = try #require(result.plan.holdout.first)

            try await test.server.makeApplication().test(.router) { client in
                func send(_ text: String, _ headers: HTTPFields, expect status: HTTPResponse.Status, field: String? = nil) async throws {
                    try await client.execute(uri: "/api/v1/feedback/outcome", method: .post, headers: headers, body: Self.body(text)) { response in
                        #expect(response.status == status, "\(text)")
                        if let field { #expect((json(response.body) as? [String: Any])?["field"] as? String == field, "\(text)") }
                    }
                }
                for (offset, candidate) in treated.enumerated() {
                    let text = #"{"outcome_id":"o-\#(offset)","campaign_id":"\#(campaignID)","customer_id":"\#(candidate.customerID)","retained":\#(offset % 4 != 0)}"#
                    try await send(text, operatorHeaders, expect: .created)
                    try await send(text, operatorHeaders, expect: .ok)  // replay
                }
                try await send(#"{"outcome_id":"o-control","campaign_id":"\#(campaignID)","customer_id":"\#(control.customerID)","retained":false,"observed_at":"2025-12-30","notes":"moved to a competitor"}"#,
                               operatorHeaders, expect: .created)
                #expect(try await store.outcomes.outcome(campaignID: campaignID, customerID: control.customerID)?.notes == "moved to a competitor")
                let first = treated.first!.customerID
                try await send(#"{"outcome_id":"o-0","campaign_id":"\#(campaignID)","customer_id":"\#(first)","retained":true}"#, operatorHeaders, expect: .conflict, field: "outcome_id")
                try await send(#"{"outcome_id":"o-new","campaign_id":"\#(campaignID)","customer_id":"\#(first)","retained":true}"#, operatorHeaders, expect: .conflict, field: "outcome_id")
                try await send(#"{"outcome_id":"o-x","campaign_id":"\#(campaignID)","customer_id":"stranger","retained":true}"#, operatorHeaders, expect: .unprocessableContent, field: "customer_id")
                try await send(#"{"outcome_id":"o-y","campaign_id":"no-such","customer_id":"\#(first)","retained":true}"#, operatorHeaders, expect: .unprocessableContent, field: "campaign_id")
                try await send(#"{"outcome_id":"o-z","campaign_id":"\#(campaignID)","customer_id":"\#(first)","retained":"yes"}"#, operatorHeaders, expect: .unprocessableContent, field: "retained")
                try await send(#"{"outcome_id":"o-z","campaign_id":"\#(campaignID)","customer_id":"\#(first)"}"#, operatorHeaders, expect: .unprocessableContent, field: "retained")
                try await send(#"{"outcome_id":"o-z","campaign_id":"\#(campaignID)","customer_id":"\#(first)","retained":true,"observed_at":"soon"}"#, operatorHeaders, expect: .unprocessableContent, field: "observed_at")
                let tooLong = String(repeating: "x", count: 2_001)
                try await send(#"{"outcome_id":"o-z","campaign_id":"\#(campaignID)","customer_id":"\#(first)","retained":true,"notes":"\#(tooLong)"}"#, operatorHeaders, expect: .unprocessableContent, field: "notes")
                try await send(#"{"outcome_id":"o-z","campaign_id":"\#(campaignID)","customer_id":"\#(first)","retained":true}"#, analyst, expect: .forbidden)

                try await client.execute(uri: "/api/v1/analytics/dashboard", method: .get, headers: analyst) { response in
                    #expect(response.status == .ok)
                    let object = try #require(json(response.body) as? [String: Any])
                    let overall = try #require(object["overall"] as? [String: Any])
                    #expect(overall["outcomes"] as? Int == 21)
                    let treatedRate = try #require(overall["treated"] as? [String: Any])
                    #expect(treatedRate["customers"] as? Int == 20)
                    #expect(treatedRate["retained"] as? Int == 15)
                    #expect((overall["control"] as? [String: Any])?["customers"] as? Int == 1)
                    let lift = try #require(overall["lift_over_holdout"] as? [String: Any])
                    #expect(abs((lift["lift"] as? Double ?? 0) - 0.75) < 1e-9)
                    #expect((overall["campaign_cost"] as? Double ?? 0) > 0)
                    let campaigns = try #require(object["campaigns"] as? [[String: Any]])
                    #expect(campaigns.first?["campaign_id"] as? String == campaignID)
                }
                try await client.execute(uri: "/api/v1/analytics/dashboard?campaign_id=nope", method: .get, headers: analyst) { #expect($0.status == .notFound) }
            }
            #expect(try await store.outcomes.outcomes(campaignID: campaignID).count == 21)
        }
    }
}
