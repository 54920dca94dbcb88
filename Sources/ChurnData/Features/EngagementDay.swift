/// A row of `engagement_daily.csv`: one customer's product usage on one UTC day.
public struct EngagementDay: Sendable, Equatable {
    public var day: CalendarDay
    public var logins: Int
    public var sessions: Int
    public var featureEvents: Int
    public var crashes: Int

    public init(day: CalendarDay, logins: Int, sessions: Int, featureEvents: Int, crashes: Int) {
        self.day = day
        self.logins = logins
        self.sessions = sessions
        self.featureEvents = featureEvents
        self.crashes = crashes
    }

    /// A day counts as active when the customer used the product, not merely crashed in it.
    public var isActive: Bool { logins > 0 || sessions > 0 || featureEvents > 0 }
}
