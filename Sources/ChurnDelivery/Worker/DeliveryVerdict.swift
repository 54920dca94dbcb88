import Foundation

/// What an attempt's answer means: delivered on 2xx; worth retrying on connection errors, timeouts,
/// 408, 429, 500, 502, 503 and 504; otherwise refused for good (a dead letter at once), and 410
/// Gone also retires the destination.
enum DeliveryVerdict: Equatable {
    case delivered
    case retry(retryAfter: TimeInterval?)
    case refused(disablesDestination: Bool)

    static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    static func forStatus(_ status: Int, retryAfter: TimeInterval?) -> DeliveryVerdict {
        if (200..<300).contains(status) { return .delivered }
        if retryableStatuses.contains(status) { return .retry(retryAfter: retryAfter) }
        return .refused(disablesDestination: status == 410)
    }
}
