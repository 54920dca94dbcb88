import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET /console/at-risk` (and `.csv`): the customers of one tier on a scoring day by probability,
/// a page at a time (keyset: the `after` cursor is the last row's probability and id, so a deep page
/// costs what the first does over a million customers). Filtering by segment, offer or route reads
/// the latest campaign's decisions (or `campaign=`), where those live. The CSV export pages through
/// the same query and streams, so it never holds the whole list.
struct AtRiskPage: Sendable {
    let store: ChurnStore
    static let pageSize = 50
    static let exportPageSize = 5_000

    struct Filter: Sendable {
        var tier: String
        var segment: String?
        var offer: String?
        var route: String?
        var campaign: String?
        var day: String?
        var order: ProbabilityOrder
        var after: ProbabilityCursor?

        var usesCampaign: Bool { segment != nil || offer != nil || route != nil || campaign != nil }

        init(_ request: Request) throws {
            let query = request.uri.queryParameters
            func value(_ name: String) -> String? {
                guard let raw = query[Substring(name)].map(String.init)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
                return String(raw.prefix(128))
            }
            tier = value("tier") ?? "HIGH"
            guard RiskOverview.tiers.contains(tier) else {
                throw APIError.unprocessable("tier must be one of \(RiskOverview.tiers.joined(separator: ", "))", field: "tier")
            }
            segment = value("segment")
            offer = value("offer")
            route = value("route")
            campaign = value("campaign")
            day = value("day")
            guard let order = ProbabilityOrder(rawValue: value("sort") ?? "desc") else {
                throw APIError.unprocessable("sort must be desc or asc", field: "sort")
            }
            self.order = order
            if let cursor = value("after") {
                let parts = cursor.split(separator: "|", maxSplits: 1)
                guard parts.count == 2, let probability = Double(parts[0]), (0...1).contains(probability) else {
                    throw APIError.unprocessable("after must be a cursor from a previous page", field: "after")
                }
                after = ProbabilityCursor(churnProbability: probability, customerID: String(parts[1]))
            }
        }

        func query(after cursor: ProbabilityCursor?) -> String {
            ConsoleFormat.query([
                ("tier", tier), ("segment", segment), ("offer", offer), ("route", route), ("campaign", campaign), ("day", day),
                ("sort", order.rawValue), ("after", cursor.map { "\($0.churnProbability)|\($0.customerID)" }),
            ])
        }
    }

    /// One row, from the scores or from a campaign's decisions.
    struct Row: Sendable {
        let customerID: String
        let probability: String
        let tier: String
        let reason: String
        let segment: String
        let offer: String
        let route: String
        let model: String
        // Stored, not computed: Mustache reads a model's stored properties only (through Mirror).
        let href: String

        init(customerID: String, probability: String, tier: String, reason: String, segment: String, offer: String, route: String, model: String) {
            self.customerID = customerID
            self.probability = probability
            self.tier = tier
            self.reason = reason
            self.segment = segment
            self.offer = offer
            self.route = route
            self.model = model
            href = ConsoleFormat.customerHref(customerID)
        }

        var csv: [String] { [customerID, probability, tier, reason, segment, offer, route, model] }
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Model {
        let tierOptions: [Option]
        let sortOptions: [Option]
        let segment: String
        let offer: String
        let route: String
        let source: String
        let caption: String
        let rows: [Row]
        let hasRows: Bool
        let nextHref: String?
        let csvHref: String
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("at-risk") { request, context in
            let filter: Filter
            do { filter = try Filter(request) } catch let error as APIError {
                return ConsoleErrorPage.response(.unprocessableContent, heading: "Bad filter", message: "\(error.field ?? ""): \(error.detail)", context: context)
            }
            let (rows, last, source) = try await page(filter, limit: Self.pageSize)
            let model = Model(
                tierOptions: RiskOverview.tiers.map { Option(value: $0, label: $0, selected: $0 == filter.tier) },
                sortOptions: [
                    Option(value: "desc", label: "Highest probability first", selected: filter.order == .highestFirst),
                    Option(value: "asc", label: "Lowest probability first", selected: filter.order == .lowestFirst),
                ],
                segment: filter.segment ?? "", offer: filter.offer ?? "", route: filter.route ?? "", source: source,
                caption: "\(filter.tier) customers, \(filter.order == .highestFirst ? "highest" : "lowest") probability first\(filter.after == nil ? "" : " (continued)")",
                rows: rows, hasRows: !rows.isEmpty,
                nextHref: rows.count == Self.pageSize ? "/console/at-risk" + filter.query(after: last) : nil,
                csvHref: "/console/at-risk.csv" + filter.query(after: nil))
            return ConsoleResponse.html(ConsoleRenderer.page("at-risk", title: "At risk", model: model, context: context, current: "/console/at-risk"))
        }
        group.get("at-risk.csv") { request, context in
            var filter: Filter
            do { filter = try Filter(request) } catch let error as APIError {
                return ConsoleErrorPage.response(.unprocessableContent, heading: "Bad filter", message: "\(error.field ?? ""): \(error.detail)", context: context)
            }
            filter.after = nil
            let page = self.page
            let exported = filter
            let body = ResponseBody { writer in
                var filter = exported
                try await writer.write(ByteBuffer(string: ConsoleCSV.line(["customer_id", "churn_probability", "tier", "top_reason", "segment", "offer", "route", "model_version"])))
                var cursor: ProbabilityCursor? = nil
                repeat {
                    filter.after = cursor
                    let (rows, last, _) = try await page(filter, Self.exportPageSize)
                    if rows.isEmpty { break }
                    try await writer.write(ByteBuffer(string: rows.map { ConsoleCSV.line($0.csv) }.joined()))
                    cursor = rows.count == Self.exportPageSize ? last : nil
                } while cursor != nil
                try await writer.finish(nil)
            }
            var headers = ConsoleResponse.securityHeaders(contentType: "text/csv; charset=utf-8")
            headers[.contentDisposition] = "attachment; filename=\"at-risk-\(exported.tier.lowercased()).csv\""
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// A page of rows for `filter`, the cursor after its last row, and a line saying where the rows come from.
    @Sendable func page(_ filter: Filter, limit: Int) async throws -> ([Row], ProbabilityCursor?, String) {
        if filter.usesCampaign {
            let campaignID = filter.campaign
            let campaign: CampaignRecord?
            if let campaignID { campaign = try await store.campaigns.campaign(id: campaignID) } else { campaign = try await store.campaigns.list(limit: 1).first }
            guard let campaign else { return ([], nil, "No campaign matches, so segment, offer and route cannot be filtered.") }
            let candidates = try await store.campaigns.candidates(
                campaignID: campaign.campaignID,
                filter: CandidateFilter(riskLevel: filter.tier, segment: filter.segment, offerID: filter.offer, route: filter.route),
                order: filter.order, after: filter.after, limit: limit)
            let rows = candidates.map { candidate in
                Row(customerID: candidate.customerID, probability: ConsoleFormat.probability(candidate.churnProbability), tier: candidate.riskLevel,
                    reason: ReasonList.first(candidate.reasonsJSON) ?? "", segment: candidate.segment, offer: candidate.offerID,
                    route: candidate.isHoldout ? "holdout" : candidate.route, model: "")
            }
            let last = candidates.last.map { ProbabilityCursor(churnProbability: $0.churnProbability, customerID: $0.customerID) }
            return (rows, last, "Decisions of campaign \(campaign.campaignID) (scoring day \(campaign.asOf)).")
        }
        let day: String?
        if let chosen = filter.day { day = chosen } else { day = try await store.predictionsLog.scoringDays(limit: 1).first }
        guard let day else { return ([], nil, "No batch scores yet.") }
        let scores: [DayScore]
        do {
            scores = try await store.predictionsLog.dayScores(asOf: day, riskLevel: filter.tier, order: filter.order, after: filter.after, limit: limit)
        } catch let error as StoreError {
            throw APIError.unprocessable(error.description, field: "day")
        }
        let rows = scores.map { score in
            Row(customerID: score.customerID, probability: ConsoleFormat.probability(score.churnProbability), tier: score.churnRiskLevel,
                reason: score.topChurnFeature ?? "", segment: "", offer: "", route: "", model: score.modelVersion)
        }
        let last = scores.last.map { ProbabilityCursor(churnProbability: $0.churnProbability, customerID: $0.customerID) }
        return (rows, last, "Served scores of scoring day \(day).")
    }
}

/// The first entry of a campaign candidate's reasons (a JSON array of strings).
enum ReasonList {
    static func first(_ json: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])?.first
    }
}
