import ChurnModel

/// The features of a point-in-time snapshot, in feature-table column order.
///
/// The case order is the schema order; ``PointInTimeFeatures/snapshot(history:asOf:)`` fills a value
/// per case at index `rawValue`. The first five are the inputs of the prediction API example in the
/// spec. Windows are whole UTC days before `as_of`: "30d" is `[as_of − 30, as_of − 1]`, "90d" is
/// `[as_of − 90, as_of − 1]`. Each case's ``spec`` says what it means; the composite scores are
/// defined on ``PointInTimeFeatures``.
public enum PointInTimeFeature: Int, CaseIterable, Sendable {
    case behavioralScore, transactionalValueK, supportTicketVolume30d, engagementScore, contractDaysRemaining
    case tenureDays, plan, segment, country, contractType
    case mrr, mrrChange90d, priceIncreases90d, upgrades90d, downgrades90d, cancellationPending
    case logins30d, logins90d, sessions30d, sessions90d, featureEvents30d, featureEvents90d
    case crashes30d, crashes90d, activeDays30d, activeDays90d
    case activeDaysWeeklySlope, sessionsWeeklySlope, activeDaysRatio30vs60, sessionsRatio30vs60
    case daysSinceLastLogin, daysSinceLastPayment, daysSinceLastTicket
    case paymentsPaid30d, paymentsPaid90d, paymentsFailed30d, paymentsFailed90d, refunds30d, refunds90d
    case amountPaid90d, paymentFailureRate90d
    case supportTicketVolume90d, ticketSentimentMean30d, ticketSentimentMean90d, openTickets
    case resolutionHoursMean30d, resolutionHoursMean90d, cancellationRequests90d, sessionsPerCrash90d

    /// Whether the quality gate fails a table on this feature's share of |z| > 4 values.
    ///
    /// For a sparse count (mostly zero) every non-zero value sits beyond 4 standard deviations once
    /// fewer than 1 in 17 rows has one, and heavy-tailed amounts, gaps and ratios legitimately put
    /// more than 1% of rows there; for those the share is reported but does not fail the gate.
    public var enforcesOutlierShare: Bool {
        switch self {
        case .behavioralScore, .engagementScore, .tenureDays, .activeDays30d, .activeDays90d,
            .activeDaysWeeklySlope, .sessionsWeeklySlope, .ticketSentimentMean30d, .ticketSentimentMean90d:
            return true
        default:
            return false
        }
    }

    public var spec: FeatureSpec {
        func count(_ name: String, _ meaning: String, maximum: Double? = nil) -> FeatureSpec {
            FeatureSpec(name: name, kind: .numeric, required: true, minimum: 0, maximum: maximum, description: meaning)
        }
        func optional(_ name: String, _ meaning: String, minimum: Double? = 0, maximum: Double? = nil) -> FeatureSpec {
            FeatureSpec(name: name, kind: .numeric, required: false, minimum: minimum, maximum: maximum, description: meaning)
        }
        func category(_ name: String, _ values: [String], _ meaning: String) -> FeatureSpec {
            FeatureSpec(name: name, kind: .categorical, required: true, categories: values, description: meaning)
        }
        switch self {
        case .behavioralScore:
            return count("behavioral_score", "0-100 usage composite: 40 engagement_score, 20 activity trend, 20 login recency, 20 crash-free sessions", maximum: 100)
        case .transactionalValueK:
            return count("transactional_value_k", "annual contract value in $k: mrr * 12 / 1000")
        case .supportTicketVolume30d: return count("support_ticket_volume_30d", "tickets opened in the last 30 days")
        case .engagementScore:
            return count("engagement_score", "0-1: 0.5 active-day share + 0.3 sessions/day saturation + 0.2 feature events/day saturation, last 30 days", maximum: 1)
        case .contractDaysRemaining:
            return count("contract_days_remaining", "days from as_of to the end of the current term (terms renew automatically)")
        case .tenureDays: return count("tenure_days", "days from signup to as_of")
        case .plan: return category("plan", CustomerHistory.Plan.allCases.map(\.rawValue), "plan at as_of")
        case .segment: return category("segment", CustomerHistory.Segment.allCases.map(\.rawValue), "customer segment")
        case .country:
            return FeatureSpec(name: "country", kind: .categorical, required: false, description: "ISO 3166 alpha-2 country")
        case .contractType:
            return category("contract_type", CustomerHistory.ContractType.allCases.map(\.rawValue), "contract term type")
        case .mrr: return count("mrr", "monthly recurring revenue at as_of, USD")
        case .mrrChange90d:
            return FeatureSpec(name: "mrr_change_90d", kind: .numeric, required: true, description: "mrr minus the mrr of 90 days before as_of (or at signup), USD")
        case .priceIncreases90d: return count("price_increases_90d", "price increases in the last 90 days")
        case .upgrades90d: return count("upgrades_90d", "upgrades in the last 90 days")
        case .downgrades90d: return count("downgrades_90d", "downgrades in the last 90 days")
        case .cancellationPending:
            return FeatureSpec(name: "cancellation_pending", kind: .boolean, required: true, description: "a cancellation was filed before as_of and no renewal followed")
        case .logins30d: return count("logins_30d", "logins in the last 30 days")
        case .logins90d: return count("logins_90d", "logins in the last 90 days")
        case .sessions30d: return count("sessions_30d", "sessions in the last 30 days")
        case .sessions90d: return count("sessions_90d", "sessions in the last 90 days")
        case .featureEvents30d: return count("feature_events_30d", "feature events in the last 30 days")
        case .featureEvents90d: return count("feature_events_90d", "feature events in the last 90 days")
        case .crashes30d: return count("crashes_30d", "crashes in the last 30 days")
        case .crashes90d: return count("crashes_90d", "crashes in the last 90 days")
        case .activeDays30d: return count("active_days_30d", "days with a login, session or feature event in the last 30 days", maximum: 30)
        case .activeDays90d: return count("active_days_90d", "days with a login, session or feature event in the last 90 days", maximum: 90)
        case .activeDaysWeeklySlope:
            return optional("active_days_weekly_slope", "least-squares slope of active days per week over the last 12 weeks (weeks after signup; missing under 8)", minimum: -7, maximum: 7)
        case .sessionsWeeklySlope:
            return optional("sessions_weekly_slope", "least-squares slope of sessions per week over the last 12 weeks (weeks after signup; missing under 8)", minimum: nil)
        case .activeDaysRatio30vs60:
            return optional("active_days_ratio_30_vs_60", "active days of the last 30 days over half those of the 60 before; missing under 90 days of tenure or with none before")
        case .sessionsRatio30vs60:
            return optional("sessions_ratio_30_vs_60", "sessions of the last 30 days over half those of the 60 before; missing under 90 days of tenure or with none before")
        case .daysSinceLastLogin: return optional("days_since_last_login", "days from the last day with a login to as_of; missing if none")
        case .daysSinceLastPayment: return optional("days_since_last_payment", "days from the last paid transaction to as_of; missing if none")
        case .daysSinceLastTicket: return optional("days_since_last_ticket", "days from the last ticket opened to as_of; missing if none")
        case .paymentsPaid30d: return count("payments_paid_30d", "paid transactions in the last 30 days")
        case .paymentsPaid90d: return count("payments_paid_90d", "paid transactions in the last 90 days")
        case .paymentsFailed30d: return count("payments_failed_30d", "failed transactions in the last 30 days")
        case .paymentsFailed90d: return count("payments_failed_90d", "failed transactions in the last 90 days")
        case .refunds30d: return count("refunds_30d", "refunded transactions in the last 30 days")
        case .refunds90d: return count("refunds_90d", "refunded transactions in the last 90 days")
        case .amountPaid90d: return count("amount_paid_90d", "USD paid in the last 90 days")
        case .paymentFailureRate90d:
            return optional("payment_failure_rate_90d", "failed / (paid + failed) in the last 90 days; missing without payments", maximum: 1)
        case .supportTicketVolume90d: return count("support_ticket_volume_90d", "tickets opened in the last 90 days")
        case .ticketSentimentMean30d:
            return optional("ticket_sentiment_mean_30d", "mean sentiment of tickets opened in the last 30 days", minimum: -1, maximum: 1)
        case .ticketSentimentMean90d:
            return optional("ticket_sentiment_mean_90d", "mean sentiment of tickets opened in the last 90 days", minimum: -1, maximum: 1)
        case .openTickets: return count("open_tickets", "tickets opened before as_of and not resolved before it")
        case .resolutionHoursMean30d:
            return optional("resolution_hours_mean_30d", "mean hours from opening to resolution of tickets resolved in the last 30 days")
        case .resolutionHoursMean90d:
            return optional("resolution_hours_mean_90d", "mean hours from opening to resolution of tickets resolved in the last 90 days")
        case .cancellationRequests90d: return count("cancellation_requests_90d", "cancellation_request tickets opened in the last 90 days")
        case .sessionsPerCrash90d: return count("sessions_per_crash_90d", "sessions_90d / (crashes_90d + 1)")
        }
    }
}
