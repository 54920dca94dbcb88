import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// Canary and shadow from the models page: admins only, behind a confirmation page (the canary's
/// share asked and checked there), recorded with the subject and reason, served at once.
@Suite struct ConsoleModelRoleTests {
    @Test func anAdminMakesACanaryThenAShadowAndAnalystsCannot() async throws {
        try await ConsoleFixture.withConsole { client, test, store in
            var analyst = ConsoleBrowser()
            try await analyst.signIn(client, token: try await test.token(.analyst))
            #expect(!(try await analyst.get(client, "/console/models/v-b")).body.contains("Make it the canary"))
            #expect(try await analyst.get(client, "/console/models/v-b/canary").status == .forbidden)
            #expect(try await analyst.post(client, "/console/models/v-b/canary", [("share", "50")]).status == .forbidden)
            #expect(try await analyst.post(client, "/console/models/v-b/shadow", []).status == .forbidden)
            #expect(try await store.modelRegistry.version("v-b")?.stage == .candidate)

            var admin = ConsoleBrowser()
            try await admin.signIn(client, token: try await test.token(.admin))
            let detail = try await admin.get(client, "/console/models/v-b")
            #expect(detail.body.contains(#"<a href="/console/models/v-b/canary">Make it the canary…</a>"#))
            let confirm = try await admin.get(client, "/console/models/v-b/canary")
            #expect(confirm.body.contains(#"<input id="share" name="share" value="10" inputmode="decimal">"#), "\(confirm.body)")
            for bad in ["150", "0", "", "ten"] {
                let refused = try await admin.post(client, "/console/models/v-b/canary", [("share", bad), ("reason", "x")])
                #expect(refused.status == .unprocessableContent, "share \(bad)")
                #expect(refused.body.contains("is not a percentage above 0 and below 100") && refused.body.contains(#"name="share""#))
            }
            #expect(try await store.modelRegistry.version("v-b")?.stage == .candidate)

            let done = try await admin.post(client, "/console/models/v-b/canary", [("share", "25"), ("reason", "try it on a quarter")])
            #expect(done.status == .seeOther && done.location == "/console/models/v-b")
            let canary = try #require(try await store.modelRegistry.version("v-b"))
            #expect(canary.stage == .canary && canary.canaryShare == 0.25)
            let change = try #require(try await store.modelRegistry.history(version: "v-b").last)
            #expect(change.actor == "client-admin" && change.reason == "try it on a quarter")
            let serving = test.server.models.snapshot.servingSet
            #expect(serving.canary?.bundle.version == "v-b" && serving.canaryAssignment?.share == 0.25)
            #expect(serving.production.bundle.version == "v-a")

            #expect(try await admin.post(client, "/console/models/v-b/shadow", [("reason", "watch it instead")]).status == .seeOther)
            #expect(try await store.modelRegistry.version("v-b")?.stage == .shadow)
            let after = test.server.models.snapshot.servingSet
            #expect(after.shadow?.bundle.version == "v-b" && after.canary == nil)
            #expect(try await admin.post(client, "/console/models/v-z/shadow", []).status == .notFound)
        }
    }
}
