import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// `GET /admin/customers/{id}/export` and `POST /admin/customers/{id}/erase` over real HTTP on
/// loopback against a real SQLite store: admin only, audited under the token's subject, bad ids
/// named, and the customer's id never in the request log.
@Suite struct PrivacyRoutesTests {
    @Test func adminExportsAndErasesACustomerOthersAreRefused() async throws {
        try await withTestStore { store, _ in
            try await CampaignFixtures.seed(store, customers: 20)
            var test = try await TestServer()
            test.server.store = store
            let admin = try await test.headers(.admin)
            let analyst = try await test.headers(.analyst)
            let operatorHeaders = try await test.headers(.operator)
            try await test.server.makeApplication().test(.live) { client in
                for headers in [analyst, operatorHeaders] {
                    try await client.execute(uri: "/admin/customers/cust-00003/export", method: .get, headers: headers) { #expect($0.status == .forbidden) }
                    try await client.execute(uri: "/admin/customers/cust-00003/erase", method: .post, headers: headers) { #expect($0.status == .forbidden) }
                }
                try await client.execute(uri: "/admin/customers/cust-00003/export", method: .get) { #expect($0.status == .unauthorized) }

                try await client.execute(uri: "/admin/customers/cust-00003/export", method: .get, headers: admin) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    let document = try #require(json(response.body) as? [String: Any])
                    #expect(document["customer_id"] as? String == "cust-00003")
                    let tables = try #require(document["tables"] as? [String: [[String: Any]]])
                    #expect(tables["online_features"]?.count == 1 && tables["predictions_log"]?.count == 1)
                    #expect((tables["predictions_log"]?.first?["inference_features"] as? [String: Any])?["mrr"] != nil)
                }
                let long = String(repeating: "x", count: 129)
                try await client.execute(uri: "/admin/customers/\(long)/erase", method: .post, headers: admin) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect((json(response.body) as? [String: Any])?["field"] as? String == "customer_id")
                }

                try await client.execute(uri: "/admin/customers/cust-00003/erase", method: .post, headers: admin) { response in
                    #expect(response.status == .ok)
                    let body = try #require(json(response.body) as? [String: Any])
                    #expect(body["erased"] as? Bool == true && body["rows_deleted"] as? Int == 2)
                    #expect((body["erasure_id"] as? String)?.count == 36)
                }
                try await client.execute(uri: "/admin/customers/cust-00003/erase", method: .post, headers: admin) { response in
                    #expect(response.status == .ok)
                    let body = try #require(json(response.body) as? [String: Any])
                    #expect(body["erased"] as? Bool == false && body["erasure_id"] is NSNull && body["rows_deleted"] as? Int == 0)
                }
                try await client.execute(uri: "/admin/customers/cust-00003/export", method: .get, headers: admin) { response in
                    #expect((json(response.body) as? [String: Any])?["row_count"] as? Int == 0)
                }
            }
            let audit = try await store.auditLog.entries()
            #expect(audit.filter { $0.action == "customer.erase" }.map(\.actor) == ["client-admin"])
            #expect(audit.filter { $0.action == "customer.export" }.count == 2)
            #expect(!audit.contains { $0.target.contains("cust-00003") || $0.detailsJSON.contains("cust-00003") })
            #expect(!test.logs.text.contains("cust-00003"), "the customer's id reached the request log")
            #expect(test.logs.lines.contains { ($0["route"] as? String).map { $0.hasPrefix("POST /admin/customers/") && $0.hasSuffix("/erase") } == true })
        }
    }
}
