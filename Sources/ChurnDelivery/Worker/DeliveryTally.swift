/// What a worker has done so far, for progress lines and the command's summary.
public struct DeliveryTally: Sendable, Equatable, CustomStringConvertible {
    public var claimed = 0
    public var delivered = 0
    public var retried = 0
    public var dead = 0
    /// Claimed but not sent (the destination was paused or retired); due again later.
    public var postponed = 0

    public init() {}

    public static func + (a: DeliveryTally, b: DeliveryTally) -> DeliveryTally {
        var sum = a
        sum.claimed += b.claimed
        sum.delivered += b.delivered
        sum.retried += b.retried
        sum.dead += b.dead
        sum.postponed += b.postponed
        return sum
    }

    public var description: String {
        "\(delivered) delivered, \(retried) to retry, \(dead) dead" + (postponed > 0 ? ", \(postponed) postponed" : "")
    }
}
