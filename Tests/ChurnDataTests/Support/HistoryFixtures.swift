import ChurnModel
import Foundation
@testable import ChurnData

/// Random customer histories and their raw-table CSV form, for tests.
enum HistoryFixtures {
    static let start = CalendarDay(year: 2024, month: 1, day: 1)
    static let end = CalendarDay(year: 2025, month: 1, day: 1)

    static func seconds(_ day: CalendarDay, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    static func timestamp(_ seconds: Int64) -> String {
        let day = CalendarDay(daysSinceEpoch: Int(RawTimestamp.day(ofSeconds: seconds)))
        let within = Int(seconds - Int64(day.daysSinceEpoch) * 86_400)
        return "\(day)T" + String(format: "%02d:%02d:%02dZ", within / 3600, within / 60 % 60, within % 60)
    }

    static func randomSeconds(from: CalendarDay, to: CalendarDay, using rng: inout SplitMix64) -> Int64 {
        Int64.random(in: seconds(from)..<seconds(to), using: &rng)
    }

    /// A customer with a bit of everything between `start` and `end`.
    static func randomHistory(id: String, using rng: inout SplitMix64) -> CustomerHistory {
        let signup = start.adding(days: Int.random(in: 0..<200, using: &rng))
        let plan = CustomerHistory.Plan.allCases.randomElement(using: &rng)!
        var changes: [SubscriptionChange] = []
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            let kind = SubscriptionChange.Kind.allCases.randomElement(using: &rng)!
            changes.append(SubscriptionChange(
                changedAt: randomSeconds(from: signup, to: end, using: &rng), kind: kind,
                fromPlan: plan, toPlan: Bool.random(using: &rng) ? CustomerHistory.Plan.allCases.randomElement(using: &rng) : nil,
                mrrBefore: 100, mrrAfter: Bool.random(using: &rng) ? Double(Int.random(in: 50...900, using: &rng)) : nil,
                contractEnd: Bool.random(using: &rng) ? signup.adding(days: Int.random(in: 30...700, using: &rng)) : nil))
        }
        var payments: [Payment] = []
        var day = signup
        while day < end {
            payments.append(Payment(
                day: day.adding(days: Int.random(in: 0...2, using: &rng)),
                amount: Double(Int.random(in: 1000...90000, using: &rng)) / 100,
                status: Payment.Status.allCases.randomElement(using: &rng)!))
            day = day.adding(months: 1)
        }
        var engagement: [EngagementDay] = []
        let activity = Double.random(in: 0.05...0.9, using: &rng)
        day = signup
        while day < end {
            if Double.random(in: 0..<1, using: &rng) < activity {
                engagement.append(EngagementDay(
                    day: day, logins: Int.random(in: 0...4, using: &rng), sessions: Int.random(in: 0...9, using: &rng),
                    featureEvents: Int.random(in: 0...40, using: &rng), crashes: Int.random(in: 0...10, using: &rng) == 0 ? 1 : 0))
            }
            day = day.adding(days: 1)
        }
        var tickets: [SupportTicket] = []
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            let opened = randomSeconds(from: signup, to: end, using: &rng)
            tickets.append(SupportTicket(
                openedAt: opened,
                resolvedAt: Bool.random(using: &rng) ? opened + Int64.random(in: 600...(20 * 86_400), using: &rng) : nil,
                issueType: SupportTicket.IssueType.allCases.randomElement(using: &rng)!,
                sentiment: Bool.random(using: &rng) ? Double(Int.random(in: -100...100, using: &rng)) / 100 : nil))
        }
        let churn: CalendarDay? = Bool.random(using: &rng) ? signup.adding(days: Int.random(in: 20...400, using: &rng)) : nil
        return CustomerHistory(
            customerID: id, signupDay: signup, plan: plan,
            segment: CustomerHistory.Segment.allCases.randomElement(using: &rng)!,
            country: ["DE", "US", "FR", nil].randomElement(using: &rng)!,
            contractType: CustomerHistory.ContractType.allCases.randomElement(using: &rng)!,
            signupMRR: Double(Int.random(in: 20...2000, using: &rng)),
            subscriptionChanges: changes, payments: payments, engagement: engagement, tickets: tickets,
            churnDay: churn.flatMap { $0 < end ? $0 : nil })
    }

    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("churn-\(UUID())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `histories` as the six raw tables of docs/DATA.md; `shuffle` mixes the event rows of
    /// all customers so that loaders cannot rely on file order.
    static func write(_ histories: [CustomerHistory], to directory: String, manifestEnd: CalendarDay? = end,
                      shuffleWith rng: inout SplitMix64, shuffle: Bool = true) throws {
        func money(_ value: Double) -> String { String(format: "%.2f", value) }
        var customers = ["customer_id,signup_date,plan,segment,country,contract_type,contract_end,mrr"]
        var changes: [String] = []
        var transactions: [String] = []
        var engagement: [String] = []
        var tickets: [String] = []
        var churns: [String] = []
        for history in histories {
            customers.append([
                history.customerID, history.signupDay.description, history.plan.rawValue, history.segment.rawValue,
                history.country ?? "", history.contractType.rawValue,
                history.signupDay.adding(months: history.contractType.termMonths).description, money(history.signupMRR),
            ].joined(separator: ","))
            for change in history.subscriptionChanges {
                changes.append([
                    history.customerID, timestamp(change.changedAt), change.kind.rawValue,
                    change.fromPlan?.rawValue ?? "", change.toPlan?.rawValue ?? "",
                    change.mrrBefore.map(money) ?? "", change.mrrAfter.map(money) ?? "",
                    change.contractEnd?.description ?? "",
                ].joined(separator: ","))
            }
            for (index, payment) in history.payments.enumerated() {
                transactions.append([
                    "t-\(history.customerID)-\(index)", history.customerID, timestamp(seconds(payment.day, hour: 9)),
                    money(payment.amount), payment.status.rawValue,
                ].joined(separator: ","))
            }
            for day in history.engagement {
                engagement.append("\(history.customerID),\(day.day),\(day.logins),\(day.sessions),\(day.featureEvents),\(day.crashes)")
            }
            for (index, ticket) in history.tickets.enumerated() {
                tickets.append([
                    "k-\(history.customerID)-\(index)", history.customerID, timestamp(ticket.openedAt),
                    ticket.resolvedAt.map(timestamp) ?? "", ticket.issueType.rawValue,
                    ticket.sentiment.map { String($0) } ?? "",
                ].joined(separator: ","))
            }
            if let churn = history.churnDay {
                churns.append("\(history.customerID),\(timestamp(seconds(churn, hour: 15))),price")
            }
        }
        func save(_ name: String, _ header: String, _ rows: [String]) throws {
            var rows = rows
            if shuffle { rows.shuffle(using: &rng) }
            try ([header] + rows).joined(separator: "\n").appending("\n")
                .write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        try customers.joined(separator: "\n").appending("\n").write(toFile: directory + "/customers.csv", atomically: true, encoding: .utf8)
        try save("subscription_changes.csv", "customer_id,changed_at,change_type,from_plan,to_plan,mrr_before,mrr_after,contract_end", changes)
        try save("transactions.csv", "transaction_id,customer_id,occurred_at,amount,status", transactions)
        try save("engagement_daily.csv", "customer_id,date,logins,sessions,feature_events,crashes", engagement)
        try save("support_tickets.csv", "ticket_id,customer_id,opened_at,resolved_at,issue_type,sentiment", tickets)
        try save("churn_events.csv", "customer_id,churned_at,reason", churns)
        if let manifestEnd {
            try "{\"start\": \"\(start)\", \"end\": \"\(manifestEnd)\", \"customers\": \(histories.count)}"
                .write(toFile: directory + "/manifest.json", atomically: true, encoding: .utf8)
        }
    }
}
