import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// Every console page for every role: 303 to the sign-in page without a session, 403 for a role
/// the page is not for, 200 for the roles it is for.
@Suite struct ConsoleAccessTests {
    @Test func everyPageAnswersEveryRole() async throws {
        try await withTestStore { store, home in
            try await ConsoleFixture.seed(store, home: home)
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var anonymous = ConsoleBrowser()
                for page in ConsoleFixture.pages {
                    let answer = try await anonymous.get(client, page.uri)
                    #expect(answer.status == .seeOther, "\(page.uri) without a session")
                    #expect(answer.location?.hasPrefix("/console/login?next=%2Fconsole") == true, "\(page.uri): \(answer.location ?? "")")
                }
                for role in Role.allCases {
                    var browser = ConsoleBrowser()
                    try await browser.signIn(client, token: try await test.token(role))
                    for page in ConsoleFixture.pages {
                        let answer = try await browser.get(client, page.uri)
                        #expect(answer.status == (page.roles.contains(role) ? .ok : .forbidden), "\(role) on \(page.uri)")
                        if answer.status == .forbidden { #expect(answer.body.contains("Not allowed")) }
                    }
                }
            }
        }
    }

    @Test func theNavigationShowsOnlyThePagesOfTheRole() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var analyst = ConsoleBrowser()
                try await analyst.signIn(client, token: try await test.token(.analyst))
                let overview = try await analyst.get(client, "/console")
                #expect(overview.status == .ok)
                #expect(overview.body.contains(#"href="/console/at-risk""#))
                #expect(!overview.body.contains(#"href="/console/predict""#))
                // A scorer lands on Predict, the one page it may use.
                var scorer = ConsoleBrowser()
                let signIn = try await scorer.signIn(client, [("token", try await test.token(.scorer))])
                #expect(signIn.location == "/console/predict")
            }
        }
    }

    @Test func apiRoutesStillNeedBearerTokensAndConsoleCookiesDoNotCount() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var admin = ConsoleBrowser()
                try await admin.signIn(client, token: try await test.token(.admin))
                let api = try await admin.get(client, "/api/v1/models")
                #expect(api.status == .unauthorized)
            }
        }
    }
}
