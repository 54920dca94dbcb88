import ChurnData
import ChurnDecisions
import ChurnDelivery
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// Campaigns over HTTP: `POST /api/v1/campaigns` plans one (operator), `GET /api/v1/campaigns`,
/// `GET /api/v1/campaigns/{id}` and its candidates by risk level, paged (analyst).
struct CampaignRoutes: Sendable {
    let store: ChurnStore
    /// The programs a campaign may run, by id: the built-in `default` and those the server was given.
    var programs: [String: RetentionProgram] = [RetentionProgram.default.programID: .default]
    /// Where planned actions go (enqueued with the candidates); nil enqueues nothing.
    var delivery: DeliveryConfiguration?

    static let maxPageSize = 1_000

    func addOperating(to group: RouterGroup<ChurnRequestContext>) {
        group.post("campaigns") { request, context in
            let input = try await CampaignRequest.read(request)
            let asOf = try input.day
            let campaignID = try input.validCampaignID
            let programID = try input.validProgramID
            guard let program = programs[programID] else {
                throw APIError(.notFound, code: "not_found",
                               detail: "no program '\(programID.prefix(64))'; this server runs: \(programs.keys.sorted().joined(separator: ", ")) (serve --program FILE adds one)",
                               field: "program_id")
            }
            var run = CampaignRun(store: store, program: program, asOf: asOf, campaignID: campaignID, actor: context.subject ?? "api")
            run.delivery = delivery
            let result: CampaignRun.Result
            do {
                result = try await run.run()
            } catch StoreError.campaignAlreadyExists(let id) {
                throw APIError(.conflict, code: "campaign_exists", detail: "campaign \(id) already exists; send another campaign_id", field: "campaign_id")
            } catch let error as CampaignRunError {
                // The request is well formed; the store is not ready for it yet.
                throw APIError(.conflict, code: "no_scores", detail: error.description, field: "as_of")
            }
            var body = CampaignBody(result.campaign)
            body.durationSeconds = result.seconds
            return try JSONResponse.make(body, status: .created, location: "/api/v1/campaigns/\(result.campaign.campaignID)")
        }
    }

    func addReading(to group: RouterGroup<ChurnRequestContext>) {
        group.get("campaigns") { request, _ in
            let (page, size) = try Self.paging(request)
            let campaigns = try await store.campaigns.list(limit: size, offset: (page - 1) * size)
            return try JSONResponse.make(CampaignList(campaigns: campaigns.map(CampaignBody.init), page: page, pageSize: size))
        }
        group.get("campaigns/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let campaign = try await store.campaigns.campaign(id: id) else { throw Self.notFound(id) }
            var body = CampaignBody(campaign)
            let joined = try await store.outcomes.outcomes(campaignID: id)
            body.results = CampaignResults(CampaignAnalytics.report(joined), outcomes: joined.count)
            return try JSONResponse.make(body)
        }
        group.get("campaigns/:id/candidates") { request, context in
            let id = try context.parameters.require("id")
            let (page, size) = try Self.paging(request)
            var riskLevel: String?
            if let level = request.uri.queryParameters["risk_level"].map(String.init) {
                guard ["LOW", "MEDIUM", "HIGH", "CRITICAL"].contains(level) else {
                    throw APIError.unprocessable("'\(level.prefix(20))' is not one of LOW, MEDIUM, HIGH, CRITICAL", field: "risk_level")
                }
                riskLevel = level
            }
            let includeHoldout = request.uri.queryParameters["include_holdout"].map { $0 == "true" } ?? false
            guard try await store.campaigns.campaign(id: id) != nil else { throw Self.notFound(id) }
            let total = try await store.campaigns.candidateCount(campaignID: id, riskLevel: riskLevel, includeHoldout: includeHoldout)
            let rows = try await store.campaigns.candidates(
                campaignID: id, riskLevel: riskLevel, includeHoldout: includeHoldout, limit: size, offset: (page - 1) * size)
            var body = CandidatePage(campaignID: id, page: page, pageSize: size, total: total, candidates: rows.map(CandidateBody.init))
            if page * size < total {
                var next = "/api/v1/campaigns/\(id)/candidates?page=\(page + 1)&page_size=\(size)"
                if let riskLevel { next += "&risk_level=\(riskLevel)" }
                if includeHoldout { next += "&include_holdout=true" }
                body.next = next
            }
            return try JSONResponse.make(body)
        }
    }

    static func paging(_ request: Request) throws(APIError) -> (page: Int, size: Int) {
        let query = request.uri.queryParameters
        let page = try positive(query["page"].map(String.init), field: "page", default: 1, maximum: 1_000_000)
        let size = try positive(query["page_size"].map(String.init), field: "page_size", default: 100, maximum: maxPageSize)
        return (page, size)
    }

    static func positive(_ text: String?, field: String, default value: Int, maximum: Int) throws(APIError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), number >= 1, number <= maximum else {
            throw APIError.unprocessable("must be an integer from 1 to \(maximum)", field: field)
        }
        return number
    }

    static func notFound(_ id: String) -> APIError {
        APIError(.notFound, code: "not_found", detail: "no campaign '\(id.prefix(64))'", field: "id")
    }
}
