import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `POST /api/v1/feedback/outcome` (operator): whether a campaign customer was retained. Idempotent
/// by `outcome_id`: 201 when recorded, 200 when the same outcome was already recorded, 409 when the id
/// or the customer already carries a different outcome, 422 for an unknown campaign or customer.
struct FeedbackRoutes: Sendable {
    let store: ChurnStore

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.post("feedback/outcome") { request, context in
            let body = try await OutcomeRequest.read(request)
            let (ids, observedAt) = try body.validated()
            let (outcomeID, campaignID, customerID) = (ids.outcome, ids.campaign, ids.customer)
            let retained = body.retained
            context.annotations.customerIDs = [customerID]
            let outcome = OutcomeRecord(outcomeID: outcomeID, campaignID: campaignID, customerID: customerID, retained: retained,
                                        observedAt: observedAt, recordedBy: context.subject ?? "api", notes: body.notes)
            let recording: OutcomeRecording
            do {
                recording = try await store.outcomes.record(outcome)
            } catch let error as StoreError {
                switch error {
                case .campaignNotFound: throw APIError(.unprocessableContent, code: "unknown_campaign", detail: error.description, field: "campaign_id")
                case .customerNotInCampaign: throw APIError(.unprocessableContent, code: "unknown_customer", detail: error.description, field: "customer_id")
                case .outcomeConflict: throw APIError(.conflict, code: "outcome_conflict", detail: error.description, field: "outcome_id")
                default: throw error
                }
            }
            let status: HTTPResponse.Status = recording == .recorded ? .created : .ok
            return try JSONResponse.make(
                OutcomeRecorded(outcomeID: outcomeID, campaignID: campaignID, customerID: customerID, retained: retained,
                                status: recording == .recorded ? "recorded" : "already_recorded"),
                status: status)
        }
    }
}
