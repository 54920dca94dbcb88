import ChurnDecisions
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET /console/campaigns[/{id}]` (readers): campaigns with their retention and lift, and one
/// campaign's funnel (from its stored summary), results (retention treated vs holdout, lift with
/// its confidence interval, revenue saved, cost, ROI) and the first page of its plan.
struct CampaignsPage: Sendable {
    let store: ChurnStore
    /// The programs the server runs (`serve --program`), for the planning form.
    var programIDs: [String] = []

    struct Line {
        let campaignID: String
        let href: String
        let programID: String
        let asOf: String
        let candidates: String
        let holdout: String
        let outcomes: String
        let retention: String
        let lift: String
    }

    struct ListModel {
        let campaigns: [Line]
        let hasCampaigns: Bool
        let canRun: Bool
        let csrf: String
        let asOf: String
        let programs: [String]
        let runError: String?
        let canRecordOutcomes: Bool
        let upload: OutcomeUpload.Report?
    }

    struct Measure {
        let name: String
        let value: String
    }

    struct Results {
        let lines: [Measure]
    }

    struct PlanRow {
        let customerID: String
        let href: String
        let tier: String
        let segment: String
        let route: String
        let offer: String
        let channel: String
        let expectedValue: String
    }

    struct DetailModel {
        let campaignID: String
        let programID: String
        let asOf: String
        let createdBy: String
        let createdAt: String
        let funnelChart: String
        let results: Results?
        let plan: [PlanRow]
        let atRiskHref: String
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("campaigns") { _, context in
            try await list(context, runError: nil, status: .ok)
        }
        group.get("campaigns/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let campaign = try await store.campaigns.campaign(id: id) else {
                return ConsoleErrorPage.response(.notFound, heading: "Unknown campaign", message: "No campaign '\(id.prefix(128))'.", context: context)
            }
            let summary = try? CampaignSummary.decode(campaign.summaryJSON)
            var funnel: [(label: String, value: Double, text: String, color: String)] = []
            if let summary {
                funnel.append(("scored", Double(summary.scored), ConsoleFormat.count(summary.scored), SVGChart.palette[3]))
                funnel.append(("entered filters", Double(summary.funnel.entered), ConsoleFormat.count(summary.funnel.entered), SVGChart.palette[4]))
                for stage in summary.funnel.stages {
                    funnel.append(("after \(stage.name)", Double(stage.remaining), ConsoleFormat.count(stage.remaining), SVGChart.palette[1]))
                }
            }
            funnel.append(("candidates", Double(campaign.candidates), ConsoleFormat.count(campaign.candidates), SVGChart.palette[0]))
            funnel.append(("holdout", Double(campaign.holdout), ConsoleFormat.count(campaign.holdout), SVGChart.palette[5]))
            let joined = try await store.outcomes.outcomes(campaignID: id)
            var results: Results? = nil
            if !joined.isEmpty {
                let report = CampaignAnalytics.report(joined)
                var lines = [
                    Measure(name: "outcomes recorded", value: ConsoleFormat.count(joined.count)),
                    Measure(name: "retention, treated", value: "\(ConsoleFormat.percent(report.treated.rate)) of \(ConsoleFormat.count(report.treated.customers))"),
                    Measure(name: "retention, holdout", value: "\(ConsoleFormat.percent(report.control.rate)) of \(ConsoleFormat.count(report.control.customers))"),
                    Measure(name: "lift over holdout (95 % CI)", value: report.lift.map(Self.lift) ?? "needs outcomes in both groups"),
                    Measure(name: "revenue saved", value: ConsoleFormat.money(report.revenueSaved)),
                    Measure(name: "campaign cost", value: ConsoleFormat.money(report.campaignCost)),
                ]
                lines.append(Measure(name: "return on investment", value: report.returnOnInvestment.map { ConsoleFormat.decimal($0, digits: 2) } ?? "—"))
                results = Results(lines: lines)
            }
            let plan = try await store.campaigns.candidates(campaignID: id, limit: 50).map { candidate in
                PlanRow(customerID: candidate.customerID, href: ConsoleFormat.customerHref(candidate.customerID), tier: candidate.riskLevel, segment: candidate.segment,
                        route: candidate.route, offer: candidate.offerID, channel: candidate.channel, expectedValue: ConsoleFormat.decimal(candidate.expectedValue, digits: 2))
            }
            let model = DetailModel(
                campaignID: campaign.campaignID, programID: campaign.programID, asOf: campaign.asOf, createdBy: campaign.createdBy,
                createdAt: ConsoleFormat.time(campaign.createdAt), funnelChart: SVGChart.bars("Campaign funnel", funnel), results: results, plan: plan,
                atRiskHref: "/console/at-risk" + ConsoleFormat.query([("campaign", campaign.campaignID)]))
            return ConsoleResponse.html(ConsoleRenderer.page("campaign", title: "Campaign \(campaign.campaignID)", model: model, context: context, current: "/console/campaigns"))
        }
    }

    /// The campaigns page; for operators and admins with the form that plans one (`runError`:
    /// why the last attempt was refused) and the outcomes upload (`upload`: what the last one did).
    func list(_ context: ChurnRequestContext, runError: String?, upload: OutcomeUpload.Report? = nil, status: HTTPResponse.Status) async throws -> Response {
        let campaigns = try await store.campaigns.list(limit: 50)
        var lines: [Line] = []
        for campaign in campaigns {
            let joined = try await store.outcomes.outcomes(campaignID: campaign.campaignID)
            let report = CampaignAnalytics.report(joined)
            lines.append(Line(
                campaignID: campaign.campaignID, href: Self.href(campaign.campaignID), programID: campaign.programID, asOf: campaign.asOf,
                candidates: ConsoleFormat.count(campaign.candidates), holdout: ConsoleFormat.count(campaign.holdout),
                outcomes: ConsoleFormat.count(joined.count),
                retention: joined.isEmpty ? "—" : "\(ConsoleFormat.percent(report.treated.rate)) / \(ConsoleFormat.percent(report.control.rate))",
                lift: report.lift.map(Self.lift) ?? "—"))
        }
        var asOf = context.consoleForm?["as_of"]
        if asOf == nil { asOf = try await store.predictionsLog.scoringDays(limit: 1).first }
        let mayAct = context.role.map(ConsoleRoles.operators.contains) ?? false
        let model = ListModel(
            campaigns: lines, hasCampaigns: !lines.isEmpty, canRun: mayAct,
            csrf: context.consoleSession?.csrfToken ?? "", asOf: asOf ?? "",
            programs: programIDs, runError: runError, canRecordOutcomes: mayAct, upload: upload)
        return ConsoleResponse.html(ConsoleRenderer.page("campaigns", title: "Campaigns", model: model, context: context, current: "/console/campaigns"), status: status)
    }

    static func href(_ id: String) -> String {
        "/console/campaigns/" + ConsoleFormat.component(id)
    }

    static func lift(_ estimate: LiftEstimate) -> String {
        String(format: "%+.1f pp [%+.1f, %+.1f]", estimate.lift * 100, estimate.lower * 100, estimate.upper * 100)
    }
}
