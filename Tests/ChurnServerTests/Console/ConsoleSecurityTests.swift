import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// Sign-in, sessions, CSRF, escaping, the Content-Security-Policy and sign-in rate limits.
@Suite struct ConsoleSecurityTests {
    @Test func passwordsSignInAndWrongOnesAreRefusedAlike() async throws {
        try await withTestStore { store, home in
            let hash = try ConsolePassword.hash("correct horse battery", rounds: ConsolePassword.minimumRounds)
            #expect(hash.hasPrefix("pbkdf2-sha256$210000$") && !hash.contains("correct"))
            try await store.consoleAccounts.add(ConsoleUser(username: "alice", role: "operator", passwordHash: hash))
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                let wrong = try await browser.signIn(client, [("username", "alice"), ("password", "wrong horse battery")])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.body.contains("The user name or password is wrong."))
                let unknown = try await browser.signIn(client, [("username", "mallory"), ("password", "correct horse battery")])
                #expect(unknown.status == .unauthorized)
                #expect(unknown.body.contains("The user name or password is wrong."))
                #expect(browser.cookies[ConsoleSessions.cookieName] == nil)

                let signedIn = try await browser.signIn(client, [("username", "alice"), ("password", "correct horse battery"), ("next", "/console/campaigns")])
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.location == "/console/campaigns")
                let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix(ConsoleSessions.cookieName + "=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console") && cookie.contains("Max-Age=28800"))
                #expect(!cookie.contains("Secure"), "plain HTTP: a Secure cookie would never be sent back")
                let page = try await browser.get(client, "/console/campaigns")
                #expect(page.status == .ok)
                #expect(page.body.contains("alice · operator"))
                // The session row holds a hash of the cookie, never the cookie itself.
                let secret = try #require(browser.cookies[ConsoleSessions.cookieName])
                #expect(try await store.consoleAccounts.session(hash: secret) == nil)
                #expect(try await store.consoleAccounts.session(hash: ConsoleSessions.digest(secret))?.subject == "alice")
                #expect(try await store.auditLog.entries().contains { $0.action == "console.sign_in" && $0.actor == "alice" })
            }
        }
    }

    @Test func refusedTokensAndForeignRedirectsAreRefused() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                let expired = try await test.verifier.issue(subject: "s", role: .admin, ttl: 60, now: Date().addingTimeInterval(-3_600))
                let refused = try await browser.signIn(client, [("token", expired)])
                #expect(refused.status == .unauthorized)
                #expect(refused.body.contains("expired"))
                for next in ["//evil.example/", "https://evil.example/console", "/api/v1/models", "/console\r\nSet-Cookie: x=y"] {
                    var fresh = ConsoleBrowser()
                    let page = try await fresh.signIn(client, [("token", try await test.token(.analyst)), ("next", next)])
                    #expect(page.location == "/console", "next=\(next)")
                }
            }
        }
    }

    @Test func formsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        try await withTestStore { store, home in
            try await ConsoleFixture.seed(store, home: home)
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var admin = ConsoleBrowser()
                try await admin.signIn(client, token: try await test.token(.admin))
                let missing = try await admin.post(client, "/console/models/v-b/promote", [("confirm", "yes")], csrf: false)
                #expect(missing.status == .forbidden)
                #expect(missing.body.contains("Form expired"))
                let wrong = try await admin.post(client, "/console/models/v-b/promote", [("csrf", "forged-token-forged-token-forged-token-forg")])
                #expect(wrong.status == .forbidden)
                #expect(try await store.modelRegistry.production()?.version == "v-a")
                // The sign-in form is protected too (a login cookie must match its field).
                var stranger = ConsoleBrowser()
                let noCookie = try await stranger.post(client, "/console/login", [("token", try await test.token(.admin)), ("csrf", "guess")], csrf: false)
                #expect(noCookie.status == .forbidden)
                #expect(stranger.cookies[ConsoleSessions.cookieName] == nil)
                // Signing out needs the token as well; with it, the session is over.
                #expect(try await admin.post(client, "/console/logout", [], csrf: false).status == .forbidden)
                #expect(try await admin.get(client, "/console").status == .ok)
                #expect(try await admin.post(client, "/console/logout", []).status == .seeOther)
                #expect(try await admin.get(client, "/console").status == .seeOther)
            }
        }
    }

    @Test func expiredSessionsSendTheBrowserBackToSignIn() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home)
            let secret = ConsoleSessions.randomToken()
            let past = Date().addingTimeInterval(-7_200)
            try await store.consoleAccounts.createSession(ConsoleSession(
                sessionHash: ConsoleSessions.digest(secret), subject: "alice", role: "admin", csrfToken: "t", createdAt: past, expiresAt: past.addingTimeInterval(3_600)))
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                browser.cookies[ConsoleSessions.cookieName] = secret
                let page = try await browser.get(client, "/console")
                #expect(page.status == .seeOther)
            }
        }
    }

    @Test func storedTextRendersAsTextAndPagesCarryTheCSP() async throws {
        try await withTestStore { store, home in
            try await ConsoleFixture.seed(store, home: home)
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                try await browser.signIn(client, token: try await test.token(.admin))
                let evil = ConsoleFormat.customerHref(ConsoleFixture.evilID)
                for uri in ConsoleFixture.pages.map(\.uri) + [evil, "/console/at-risk?tier=CRITICAL"] where !uri.hasSuffix(".csv?tier=CRITICAL") {
                    let page = try await browser.get(client, uri)
                    #expect(page.status == .ok, "\(uri)")
                    let policy = try #require(page.headers[.contentSecurityPolicy])
                    #expect(policy.contains("default-src 'none'") && !policy.contains("unsafe-inline"))
                    #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                    // Nothing inline for the policy to allow, and nothing stored rendered as markup.
                    #expect(!page.body.contains("<script"), "\(uri)")
                    #expect(!page.body.contains(" style="), "\(uri)")
                    #expect(!page.body.contains("<b>bold") && !page.body.contains("<i>program"), "\(uri)")
                }
                let customer = try await browser.get(client, evil)
                #expect(customer.body.contains("Customer &lt;script&gt;alert(1)&lt;/script&gt;"))
                let list = try await browser.get(client, "/console/at-risk?tier=CRITICAL")
                #expect(list.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && list.body.contains("&lt;b&gt;bold&lt;/b&gt;"))
                let campaigns = try await browser.get(client, "/console/campaigns")
                #expect(campaigns.body.contains("&lt;i&gt;program&lt;/i&gt;"))
            }
        }
    }

    @Test func signInAttemptsAreRateLimitedPerAddress() async throws {
        try await withTestStore { store, home in
            let test = try await ConsoleFixture.server(store, home: home) { $0.consoleSignInBurst = 3; $0.consoleSignInsPerSecond = 0.001 }
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                for _ in 0..<3 {
                    #expect(try await browser.signIn(client, [("username", "nobody"), ("password", "guess-guess-guess")]).status == .unauthorized)
                }
                let limited = try await browser.signIn(client, [("token", try await test.token(.admin))])
                #expect(limited.status == .tooManyRequests)
                #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(browser.cookies[ConsoleSessions.cookieName] == nil)
            }
        }
    }
}
