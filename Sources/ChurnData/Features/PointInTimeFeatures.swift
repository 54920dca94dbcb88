import ChurnModel
import Foundation

/// Computes the features of one customer at one snapshot day using only what was known before it.
///
/// `as_of` means 00:00 UTC of that day: an event at timestamp T is used iff its UTC day is before
/// `as_of`. The offline builder (``FeatureBuilder``), the batch scorer and an online store all call
/// ``snapshot(history:asOf:)``, so training and serving compute features the same way. Values come
/// in ``PointInTimeFeature`` order, which is the order of ``schema(countries:)``.
public enum PointInTimeFeatures {
    public static let features = PointInTimeFeature.allCases

    /// The feature-table schema; `countries` become the categories of `country` (sorted, as seen in the data).
    public static func schema(countries: [String]) -> FeatureSchema {
        var specs = features.map(\.spec)
        let sortedCountries = Array(Set(countries)).sorted()
        specs[PointInTimeFeature.country.rawValue].categories = sortedCountries
        return FeatureSchema(features: specs)
    }

    /// The feature values of `history` at `asOf`, in ``PointInTimeFeature`` order.
    ///
    /// Meaningful for a customer who signed up before `asOf` and had not churned before it (see
    /// ``ChurnLabeler``); it never reads an event on or after `asOf`.
    public static func snapshot(history: CustomerHistory, asOf: CalendarDay) -> [FeatureValue] {
        let subscription = SubscriptionState(history: history, asOf: asOf)
        let usage = EngagementSummary(history: history, asOf: asOf)
        let payments = PaymentSummary(history: history, asOf: asOf)
        let support = SupportSummary(history: history, asOf: asOf)
        let tenure = max(0, asOf - history.signupDay)

        var values = [FeatureValue](repeating: .missing, count: features.count)
        func set(_ feature: PointInTimeFeature, _ value: Double?, places: Int = 4) {
            if let value, value.isFinite { values[feature.rawValue] = .number(rounded(value, places: places)) }
        }
        func count(_ feature: PointInTimeFeature, _ value: Int) {
            values[feature.rawValue] = .number(Double(value))
        }

        let engagement = engagementScore(usage: usage, tenureDays: tenure)
        let activeRatio = tenure >= 90 ? ratio30vs60(recent: usage.activeDays30, total: usage.activeDays90) : nil
        let sessionsRatio = tenure >= 90 ? ratio30vs60(recent: usage.sessions30, total: usage.sessions90) : nil
        let usableWeeks = min(12, tenure / 7)

        set(.behavioralScore, behavioralScore(
            engagement: engagement, activeRatio: activeRatio, usage: usage), places: 2)
        set(.transactionalValueK, subscription.mrr * 12 / 1000)
        count(.supportTicketVolume30d, support.opened30)
        set(.engagementScore, engagement)
        count(.contractDaysRemaining, subscription.contractDaysRemaining)
        count(.tenureDays, tenure)
        values[PointInTimeFeature.plan.rawValue] = .category(subscription.plan.rawValue)
        values[PointInTimeFeature.segment.rawValue] = .category(history.segment.rawValue)
        if let country = history.country { values[PointInTimeFeature.country.rawValue] = .category(country) }
        values[PointInTimeFeature.contractType.rawValue] = .category(history.contractType.rawValue)
        set(.mrr, subscription.mrr, places: 2)
        set(.mrrChange90d, subscription.mrr - subscription.mrr90DaysBefore, places: 2)
        count(.priceIncreases90d, subscription.priceIncreases90d)
        count(.upgrades90d, subscription.upgrades90d)
        count(.downgrades90d, subscription.downgrades90d)
        values[PointInTimeFeature.cancellationPending.rawValue] = .boolean(subscription.cancellationPending)

        count(.logins30d, usage.logins30)
        count(.logins90d, usage.logins90)
        count(.sessions30d, usage.sessions30)
        count(.sessions90d, usage.sessions90)
        count(.featureEvents30d, usage.featureEvents30)
        count(.featureEvents90d, usage.featureEvents90)
        count(.crashes30d, usage.crashes30)
        count(.crashes90d, usage.crashes90)
        count(.activeDays30d, usage.activeDays30)
        count(.activeDays90d, usage.activeDays90)
        if usableWeeks >= 8 {
            set(.activeDaysWeeklySlope, weeklySlope(usage.weeklyActiveDays, weeks: usableWeeks))
            set(.sessionsWeeklySlope, weeklySlope(usage.weeklySessions, weeks: usableWeeks))
        }
        set(.activeDaysRatio30vs60, activeRatio)
        set(.sessionsRatio30vs60, sessionsRatio)
        set(.daysSinceLastLogin, usage.daysSinceLastLogin.map(Double.init))
        set(.daysSinceLastPayment, payments.daysSinceLastPaid.map(Double.init))
        set(.daysSinceLastTicket, support.daysSinceLastTicket.map(Double.init))

        count(.paymentsPaid30d, payments.paid30)
        count(.paymentsPaid90d, payments.paid90)
        count(.paymentsFailed30d, payments.failed30)
        count(.paymentsFailed90d, payments.failed90)
        count(.refunds30d, payments.refunded30)
        count(.refunds90d, payments.refunded90)
        set(.amountPaid90d, payments.amountPaid90, places: 2)
        let attempts = payments.paid90 + payments.failed90
        set(.paymentFailureRate90d, attempts > 0 ? Double(payments.failed90) / Double(attempts) : nil)

        count(.supportTicketVolume90d, support.opened90)
        set(.ticketSentimentMean30d, mean(support.sentimentSum30, support.sentimentCount30))
        set(.ticketSentimentMean90d, mean(support.sentimentSum90, support.sentimentCount90))
        count(.openTickets, support.openAtAsOf)
        set(.resolutionHoursMean30d, mean(support.resolutionHoursSum30, support.resolved30), places: 2)
        set(.resolutionHoursMean90d, mean(support.resolutionHoursSum90, support.resolved90), places: 2)
        count(.cancellationRequests90d, support.cancellationRequests90)
        set(.sessionsPerCrash90d, Double(usage.sessions90) / Double(usage.crashes90 + 1))
        return values
    }

    /// 0.5 × share of observed days that were active + 0.3 × s/(s+1) for sessions per day s
    /// + 0.2 × f/(f+5) for feature events per day f, over the last 30 days (or the days since
    /// signup, when fewer). Each term is in [0, 1], so the score is too.
    static func engagementScore(usage: EngagementSummary, tenureDays: Int) -> Double {
        let observed = Double(max(1, min(30, tenureDays)))
        let activeShare = min(1, Double(usage.activeDays30) / observed)
        let sessionsPerDay = Double(usage.sessions30) / observed
        let eventsPerDay = Double(usage.featureEvents30) / observed
        return 0.5 * activeShare + 0.3 * sessionsPerDay / (sessionsPerDay + 1) + 0.2 * eventsPerDay / (eventsPerDay + 5)
    }

    /// 100 × (0.4 × engagement score + 0.2 × trend + 0.2 × recency + 0.2 × reliability), where
    /// trend = clamp(active-days ratio 30 vs 60 / 2, 0, 1) (0.5 when unknown), recency =
    /// exp(−(days since last login − 1) / 14) (0 without a login), and reliability =
    /// 1 − min(1, crashes / sessions) over the last 30 days.
    static func behavioralScore(engagement: Double, activeRatio: Double?, usage: EngagementSummary) -> Double {
        let trend = activeRatio.map { min(1, max(0, $0 / 2)) } ?? 0.5
        let recency = usage.daysSinceLastLogin.map { exp(-Double($0 - 1) / 14) } ?? 0
        let reliability = 1 - min(1, Double(usage.crashes30) / Double(max(1, usage.sessions30)))
        return 100 * (0.4 * engagement + 0.2 * trend + 0.2 * recency + 0.2 * reliability)
    }

    /// Last 30 days against the per-30-day rate of the 60 before them; nil when those had none.
    static func ratio30vs60(recent: Int, total: Int) -> Double? {
        let previous = total - recent
        guard previous > 0 else { return nil }
        return Double(recent) / (Double(previous) / 2)
    }

    /// Least-squares slope of the `weeks` most recent weekly values, oldest first (per week).
    static func weeklySlope(_ newestFirst: [Int], weeks: Int) -> Double {
        let meanX = Double(weeks - 1) / 2
        var meanY = 0.0
        for week in 0..<weeks { meanY += Double(newestFirst[week]) }
        meanY /= Double(weeks)
        var covariance = 0.0
        var variance = 0.0
        for week in 0..<weeks {
            let x = Double(weeks - 1 - week) - meanX
            covariance += x * (Double(newestFirst[week]) - meanY)
            variance += x * x
        }
        return covariance / variance
    }

    static func mean(_ sum: Double, _ count: Int) -> Double? {
        count > 0 ? sum / Double(count) : nil
    }

    static func rounded(_ value: Double, places: Int) -> Double {
        let scale = places == 2 ? 100.0 : 10_000.0
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result  // no "-0" in tables
    }
}
