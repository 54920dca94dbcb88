import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// Outcomes uploaded on the campaigns page: operators and admins, through the services of
/// `churnguard campaign outcomes`, each refused line named, a file sent again recording nothing new.
@Suite struct ConsoleOutcomeUploadTests {
    @Test func operatorsUploadOutcomesAndSeeRefusedLines() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            var analyst = ConsoleBrowser()
            try await analyst.signIn(client, token: try await test.token(.analyst))
            let readOnly = try await analyst.get(client, "/console/campaigns")
            #expect(!readOnly.body.contains("/console/campaigns/outcomes"))
            #expect(try await analyst.upload(client, "/console/campaigns/outcomes", file: "x").status == .forbidden)

            var operatorBrowser = ConsoleBrowser()
            try await operatorBrowser.signIn(client, token: try await test.token(.operator))
            let form = try await operatorBrowser.get(client, "/console/campaigns")
            #expect(form.body.contains(#"<form method="post" action="/console/campaigns/outcomes" enctype="multipart/form-data""#))
            let csv = """
                outcome_id,campaign_id,customer_id,retained,observed_at
                o-2,camp-1,c095,true,2026-01-15
                o-3,camp-1,c099,maybe,2026-01-15
                o-4,no-such-campaign,c001,false,
                o-5,camp-1,c090,false,2026-01-20
                """
            let page = try await operatorBrowser.upload(client, "/console/campaigns/outcomes", file: csv)
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("1 recorded, 0 already recorded, 3 refused."), "\(page.body)")
            #expect(page.body.contains("<li>line 3: retained: &#39;maybe&#39; is not true/false, 1/0 or retained/churned</li>")
                    || page.body.contains("<li>line 3: retained: &#x27;maybe&#x27; is not true/false, 1/0 or retained/churned</li>"), "\(page.body)")
            #expect(page.body.contains("<li>line 4: "), "the unknown campaign is refused by the store, with its line")
            #expect(page.body.contains("<li>line 5: "), "c090 already has outcome o-1: a second, different one is refused")
            let recorded = try #require(try await store.outcomes.outcome(campaignID: "camp-1", customerID: "c095"))
            #expect(recorded.retained && recorded.recordedBy == "client-operator")

            // The same file again: nothing new, the same lines refused.
            let again = try await operatorBrowser.upload(client, "/console/campaigns/outcomes", file: csv)
            #expect(again.body.contains("0 recorded, 1 already recorded, 3 refused."))
            let headerless = try await operatorBrowser.upload(client, "/console/campaigns/outcomes", file: "a,b\n1,2\n")
            #expect(headerless.status == .unprocessableContent)
            #expect(headerless.body.contains("the uploaded file: the header lacks outcome_id, campaign_id, customer_id, retained"))
            #expect(headerless.body.contains("Nothing was recorded."))
        }
    }
}
