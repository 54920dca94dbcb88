import ChurnDecisions

/// What campaigns achieved, from recorded outcomes: `results` of a campaign and the dashboard's
/// `overall` and per-campaign lines.
struct CampaignResults: Encodable, Sendable {
    struct Retention: Encodable, Sendable {
        var customers: Int
        var retained: Int
        var retentionRate: Double

        enum CodingKeys: String, CodingKey {
            case customers, retained, retentionRate = "retention_rate"
        }

        init(_ rate: CampaignReport.Rate) {
            customers = rate.customers
            retained = rate.retained
            retentionRate = rate.rate
        }
    }

    struct Lift: Encodable, Sendable {
        var lift: Double
        var lower: Double
        var upper: Double
        var confidence: Double
    }

    var outcomes: Int
    var treated: Retention
    var control: Retention
    var retentionByRiskLevel: [String: Retention]
    var retentionByOffer: [String: Retention]
    var campaignCost: Double
    var revenueSaved: Double
    @EncodesNull var roi: Double?
    @EncodesNull var costPerRetainedCustomer: Double?
    @EncodesNull var liftOverHoldout: Lift?

    enum CodingKeys: String, CodingKey {
        case outcomes, treated, control, roi
        case retentionByRiskLevel = "retention_by_risk_level", retentionByOffer = "retention_by_offer"
        case campaignCost = "campaign_cost", revenueSaved = "revenue_saved"
        case costPerRetainedCustomer = "cost_per_retained_customer", liftOverHoldout = "lift_over_holdout"
    }

    init(_ report: CampaignReport, outcomes: Int) {
        self.outcomes = outcomes
        treated = Retention(report.treated)
        control = Retention(report.control)
        retentionByRiskLevel = report.retentionByTier.mapValues(Retention.init)
        retentionByOffer = report.retentionByOffer.mapValues(Retention.init)
        campaignCost = report.campaignCost
        revenueSaved = report.revenueSaved
        roi = report.returnOnInvestment
        costPerRetainedCustomer = report.costPerRetainedCustomer
        if let lift = report.lift, lift.lift.isFinite {
            liftOverHoldout = Lift(lift: lift.lift, lower: lift.lower, upper: lift.upper, confidence: lift.confidence)
        }
    }
}

/// `GET /api/v1/analytics/dashboard`.
struct Dashboard: Encodable, Sendable {
    struct CampaignLine: Encodable, Sendable {
        var campaignID: String
        var programID: String
        var asOf: String
        var candidates: Int
        var holdout: Int
        var results: CampaignResults

        enum CodingKeys: String, CodingKey {
            case candidates, holdout, results
            case campaignID = "campaign_id", programID = "program_id", asOf = "as_of"
        }
    }

    var overall: CampaignResults
    var campaigns: [CampaignLine]
}
