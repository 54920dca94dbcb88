import ChurnData
import ChurnDecisions
import ChurnDelivery
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `POST /console/campaigns` (operator, admin): plans a campaign as `POST /api/v1/campaigns` does
/// (same `CampaignRun`, the signed-in subject as actor, its delivery messages enqueued), then shows
/// it; a refused plan comes back to the form with the reason next to it.
struct CampaignActions: Sendable {
    let page: CampaignsPage
    let programs: [String: RetentionProgram]
    let delivery: DeliveryConfiguration?

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.post("campaigns") { _, context in
            let form = context.consoleForm ?? ConsoleForm()
            let asOfText = (form["as_of"] ?? "").trimmingCharacters(in: .whitespaces)
            guard asOfText.count == 10, let asOf = CalendarDay(asOfText) else {
                return try await page.list(context, runError: "as_of: '\(asOfText.prefix(20))' is not a date YYYY-MM-DD", status: .unprocessableContent)
            }
            let programID = form["program_id"] ?? RetentionProgram.default.programID
            guard let program = programs[programID] else {
                return try await page.list(context, runError: "program_id: no program '\(programID.prefix(64))' on this server", status: .unprocessableContent)
            }
            let requested = (form["campaign_id"] ?? "").trimmingCharacters(in: .whitespaces)
            guard requested.utf8.count <= 128, requested.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) }) else {
                return try await page.list(context, runError: "campaign_id: at most 128 letters, digits and - _ . :", status: .unprocessableContent)
            }
            var run = CampaignRun(store: page.store, program: program, asOf: asOf, campaignID: requested.isEmpty ? nil : requested, actor: context.subject ?? "console")
            run.delivery = delivery
            do {
                let result = try await run.run()
                return ConsoleResponse.redirect(to: CampaignsPage.href(result.campaign.campaignID))
            } catch StoreError.campaignAlreadyExists(let id) {
                return try await page.list(context, runError: "campaign_id: campaign \(id) already exists; choose another id", status: .conflict)
            } catch let error as CampaignRunError {
                return try await page.list(context, runError: "as_of: \(error.description)", status: .conflict)
            }
        }
    }
}
