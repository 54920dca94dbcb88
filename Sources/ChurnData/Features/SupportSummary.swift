/// Support-ticket figures of one customer at a snapshot day.
///
/// A ticket counts from the moment it is opened; its resolution is known only when `resolved_at`
/// is before as_of, so a ticket resolved later is still open at the snapshot.
struct SupportSummary {
    var opened30 = 0, opened90 = 0
    var sentimentSum30 = 0.0, sentimentCount30 = 0
    var sentimentSum90 = 0.0, sentimentCount90 = 0
    var openAtAsOf = 0
    var resolutionHoursSum30 = 0.0, resolved30 = 0
    var resolutionHoursSum90 = 0.0, resolved90 = 0
    var cancellationRequests90 = 0
    var daysSinceLastTicket: Int?

    init(history: CustomerHistory, asOf: CalendarDay) {
        let end = asOf.daysSinceEpoch
        let cutoff = Int64(end) * RawTimestamp.secondsPerDay
        for ticket in history.tickets {
            guard ticket.openedAt < cutoff else { break }
            let age = end - ticket.openedDay.daysSinceEpoch
            daysSinceLastTicket = age
            if age <= 90 {
                opened90 += 1
                if ticket.issueType == .cancellationRequest { cancellationRequests90 += 1 }
                if let sentiment = ticket.sentiment {
                    sentimentSum90 += sentiment
                    sentimentCount90 += 1
                    if age <= 30 {
                        sentimentSum30 += sentiment
                        sentimentCount30 += 1
                    }
                }
                if age <= 30 { opened30 += 1 }
            }
            guard let resolvedAt = ticket.resolvedAt, resolvedAt < cutoff else {
                openAtAsOf += 1
                continue
            }
            let resolvedAge = end - Int(RawTimestamp.day(ofSeconds: resolvedAt))
            let hours = Double(max(0, resolvedAt - ticket.openedAt)) / 3600
            if resolvedAge <= 90 {
                resolutionHoursSum90 += hours
                resolved90 += 1
                if resolvedAge <= 30 {
                    resolutionHoursSum30 += hours
                    resolved30 += 1
                }
            }
        }
    }
}
