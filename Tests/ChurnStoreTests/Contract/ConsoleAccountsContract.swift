import Foundation
import Testing
@testable import ChurnStore

/// Console users and sessions (migration 10).
@Suite("Store contract: console accounts") struct ConsoleAccountsContract {
    @Test(arguments: TestBackend.allCases)
    func usersAreAddedReplacedAndRemoved(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let accounts = store.consoleAccounts
            try await accounts.add(ConsoleUser(username: "alice", role: "analyst", passwordHash: "pbkdf2-sha256$1$a$b"))
            try await accounts.add(ConsoleUser(username: "bob@example.com", role: "admin", passwordHash: "h2"))
            await #expect(throws: StoreError.consoleUserExists("alice")) {
                try await accounts.add(ConsoleUser(username: "alice", role: "admin", passwordHash: "other"))
            }
            #expect(try await accounts.user(named: "alice")?.role == "analyst")
            try await accounts.add(ConsoleUser(username: "alice", role: "operator", passwordHash: "new"), replacing: true)
            let alice = try #require(try await accounts.user(named: "alice"))
            #expect(alice.role == "operator" && alice.passwordHash == "new")
            #expect(try await accounts.users().map(\.username) == ["alice", "bob@example.com"])
            #expect(try await accounts.remove(username: "alice"))
            #expect(!(try await accounts.remove(username: "alice")))
            #expect(try await accounts.user(named: "alice") == nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badUsersAreRefusedWithTheField(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let accounts = store.consoleAccounts
            await #expect { try await accounts.add(ConsoleUser(username: "eve", role: "root", passwordHash: "h")) } throws: { "\($0)".hasPrefix("role:") }
            await #expect { try await accounts.add(ConsoleUser(username: "<script>", role: "admin", passwordHash: "h")) } throws: { "\($0)".hasPrefix("username:") }
            await #expect { try await accounts.add(ConsoleUser(username: "", role: "admin", passwordHash: "h")) } throws: { "\($0)".hasPrefix("username:") }
            #expect(try await accounts.users().isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func sessionsExpireAndEnd(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let accounts = store.consoleAccounts
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let live = ConsoleSession(sessionHash: String(repeating: "a", count: 64), subject: "alice", role: "analyst", csrfToken: "csrf-1",
                                      createdAt: now, expiresAt: now.addingTimeInterval(3_600))
            let short = ConsoleSession(sessionHash: String(repeating: "b", count: 64), subject: "bob", role: "admin", csrfToken: "csrf-2",
                                       createdAt: now, expiresAt: now.addingTimeInterval(60))
            try await accounts.createSession(live)
            try await accounts.createSession(short)
            let found = try #require(try await accounts.session(hash: live.sessionHash, now: now))
            #expect(found.subject == "alice" && found.role == "analyst" && found.csrfToken == "csrf-1")
            #expect(abs(found.expiresAt.timeIntervalSince(live.expiresAt)) < 0.001)
            // Past its expiry a session is not found, and the next sign-in sweeps it away.
            #expect(try await accounts.session(hash: short.sessionHash, now: now.addingTimeInterval(61)) == nil)
            try await accounts.createSession(ConsoleSession(sessionHash: String(repeating: "c", count: 64), subject: "carol", role: "operator",
                                                            csrfToken: "csrf-3", createdAt: now.addingTimeInterval(120), expiresAt: now.addingTimeInterval(4_000)))
            #expect(try await accounts.session(hash: short.sessionHash, now: now) == nil)
            try await accounts.endSession(hash: live.sessionHash)
            #expect(try await accounts.session(hash: live.sessionHash, now: now) == nil)
            await #expect { try await accounts.createSession(ConsoleSession(sessionHash: "d", subject: "x", role: "boss", csrfToken: "t", createdAt: now, expiresAt: now.addingTimeInterval(1))) }
                throws: { "\($0)".hasPrefix("role:") }
        }
    }
}

/// What the console reads from the predictions log and campaigns: a scoring day by tier in
/// probability order with keyset pages, tier counts, scoring days, top reasons, and a campaign's
/// candidates filtered by its decisions.
@Suite("Store contract: console queries") struct ConsoleQueriesContract {
    static func scores(day: String, count: Int, servedBy: ServedBy = .production) -> [PredictionRecord] {
        (0..<count).map { i in
            // Probabilities repeat (i % 40), so ties are broken by customer id across pages.
            let probability = Double(i % 40) / 40
            return PredictionRecord(
                customerID: "c\(String(format: "%03d", i))", asOf: day, churnProbability: probability,
                churnRiskLevel: probability >= 0.75 ? "CRITICAL" : probability >= 0.5 ? "HIGH" : "LOW", modelVersion: "v1", servedBy: servedBy,
                topChurnFeature: i % 3 == 0 ? "tenure" : "tickets", inferenceFeaturesJSON: "{}")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aDayIsPagedByProbabilityWithoutGapsOrRepeats(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let log = store.predictionsLog
            _ = try await log.insert(Self.scores(day: "2025-03-01", count: 200))
            _ = try await log.insert(Self.scores(day: "2025-03-08", count: 120))
            _ = try await log.insert(Self.scores(day: "2025-03-08", count: 120, servedBy: .shadow))
            let expected = Self.scores(day: "2025-03-08", count: 120).filter { $0.churnRiskLevel == "HIGH" }
                .sorted { ($0.churnProbability, $0.customerID) > ($1.churnProbability, $1.customerID) }.map(\.customerID)
            var seen: [String] = []
            var cursor: ProbabilityCursor? = nil
            repeat {
                let page = try await log.dayScores(asOf: "2025-03-08", riskLevel: "HIGH", after: cursor, limit: 7)
                seen += page.map(\.customerID)
                cursor = page.count == 7 ? page.last.map { ProbabilityCursor(churnProbability: $0.churnProbability, customerID: $0.customerID) } : nil
            } while cursor != nil
            #expect(seen == expected)
            let ascending = try await log.dayScores(asOf: "2025-03-08", riskLevel: "HIGH", order: .lowestFirst, limit: 1_000).map(\.customerID)
            #expect(ascending == expected.reversed())
            #expect(try await log.tierCounts(asOf: "2025-03-08") == ["CRITICAL": 30, "HIGH": 30, "LOW": 60])
            #expect(try await log.scoringDays() == ["2025-03-08", "2025-03-01"])
            #expect(try await log.scoringDays(limit: 1) == ["2025-03-08"])
            let reasons = try await log.topReasons(asOf: "2025-03-08", riskLevels: ["HIGH", "CRITICAL"])
            #expect(reasons.map(\.feature) == ["tickets", "tenure"])
            #expect(reasons.map(\.customers).reduce(0, +) == 60)
            await #expect { try await log.dayScores(asOf: "2025-03-08", riskLevel: "SEVERE") } throws: { "\($0)".hasPrefix("tier:") }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func campaignCandidatesAreFilteredByDecision(_ backend: TestBackend) async throws {
        try await backend.withStore { store async throws in
            let campaign = CampaignRecord(campaignID: "camp-1", programID: "p", asOf: "2025-03-08", createdAt: Date(), expiresAt: Date().addingTimeInterval(86_400),
                                          createdBy: "t", candidates: 30, holdout: 0, summaryJSON: "{}")
            var candidates: [CandidateRecord] = []
            for i in 0..<30 {
                let id: String = "k" + String(format: "%02d", i)
                let tier: String = i < 10 ? "CRITICAL" : "HIGH"
                let probability: Double = 0.5 + Double(i % 10) / 40
                let segment: String = i % 2 == 0 ? "champions" : "at_risk"
                let offer: String = i % 3 == 0 ? "discount" : "call"
                candidates.append(CandidateRecord(
                    campaignID: "camp-1", customerID: id, programID: "p", asOf: "2025-03-08", riskLevel: tier,
                    churnProbability: probability, segment: segment, offerID: offer, offerType: "x", channel: "email", route: "retention",
                    lifetimeValue: 100, lift: 0.1, cost: 5, expectedValue: 5, priority: Double(i),
                    reasonsJSON: #"["tenure"]"#, isHoldout: false, expiresAt: Date().addingTimeInterval(86_400)))
            }
            try await store.campaigns.create(campaign, candidates: candidates)
            let filter = CandidateFilter(riskLevel: "HIGH", segment: "champions", offerID: "discount")
            let matching = candidates.filter { $0.riskLevel == "HIGH" && $0.segment == "champions" && $0.offerID == "discount" }
                .sorted { ($0.churnProbability, $0.customerID) > ($1.churnProbability, $1.customerID) }.map(\.customerID)
            let first = try await store.campaigns.candidates(campaignID: "camp-1", filter: filter, limit: 2)
            let rest = try await store.campaigns.candidates(
                campaignID: "camp-1", filter: filter, after: ProbabilityCursor(churnProbability: first[1].churnProbability, customerID: first[1].customerID), limit: 100)
            #expect((first + rest).map(\.customerID) == matching)
            let values = try await store.campaigns.tierValues(campaignID: "camp-1").sorted { $0.riskLevel < $1.riskLevel }
            #expect(values.map(\.customers) == [10, 20])
            #expect(abs(values[0].lifetimeValue - 1_000) < 1e-9)
            #expect(try await store.campaigns.candidacies(customerID: "k03").map(\.campaignID) == ["camp-1"])
        }
    }
}
