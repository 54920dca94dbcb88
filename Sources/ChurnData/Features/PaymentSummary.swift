/// Transaction figures of one customer over the 30- and 90-day windows before a snapshot day.
struct PaymentSummary {
    var paid30 = 0, paid90 = 0
    var failed30 = 0, failed90 = 0
    var refunded30 = 0, refunded90 = 0
    var amountPaid90 = 0.0
    var daysSinceLastPaid: Int?

    init(history: CustomerHistory, asOf: CalendarDay) {
        let payments = history.payments
        let end = asOf.daysSinceEpoch
        var low = 0
        var high = payments.count
        while low < high {
            let middle = (low + high) / 2
            if payments[middle].day.daysSinceEpoch < end { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0 {
            let payment = payments[index]
            let age = end - payment.day.daysSinceEpoch
            if age > 90, daysSinceLastPaid != nil { break }
            if payment.status == .paid, daysSinceLastPaid == nil { daysSinceLastPaid = age }
            if age <= 90 {
                switch payment.status {
                case .paid:
                    paid90 += 1
                    amountPaid90 += payment.amount
                    if age <= 30 { paid30 += 1 }
                case .failed:
                    failed90 += 1
                    if age <= 30 { failed30 += 1 }
                case .refunded:
                    refunded90 += 1
                    if age <= 30 { refunded30 += 1 }
                }
            }
            index -= 1
        }
    }
}
