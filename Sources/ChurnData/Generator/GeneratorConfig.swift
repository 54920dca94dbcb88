/// What `churnguard generate` simulates: how many customers, over which window, from which seed,
/// and whether the competitor-launch drift scenario plays out.
///
/// The window is `[start, end)` with `end = start + months`; nothing in the output happens at or
/// after `end`. Customers either signed up before `start` (up to three years before) or sign up
/// during the window; only what happens inside the window is written.
public struct GeneratorConfig: Sendable, Equatable {
    public static let maximumMonths = 120
    public static let defaultStart = CalendarDay(year: 2025, month: 1, day: 1)

    public var customers: Int
    public var months: Int
    public var seed: UInt64
    public var drift: Bool
    public var start: CalendarDay
    /// Threads simulating customer chunks; the output does not depend on it.
    public var workers: Int
    /// Customers per chunk: the unit of parallel work and of buffered output.
    public var chunkSize: Int

    public init(
        customers: Int, months: Int, seed: UInt64, drift: Bool = false, start: CalendarDay = GeneratorConfig.defaultStart,
        workers: Int = 2, chunkSize: Int = 1024
    ) {
        self.customers = customers
        self.months = months
        self.seed = seed
        self.drift = drift
        self.start = start
        self.workers = max(1, workers)
        self.chunkSize = max(1, chunkSize)
    }

    /// The first day after the window.
    public var end: CalendarDay { start.adding(months: months) }

    /// The first day of the competitor launch (about two thirds into the window), with `drift`.
    public var driftStart: CalendarDay? {
        drift ? start.adding(months: max(1, (months * 2 + 2) / 3)) : nil
    }

    /// Throws the first option that cannot be used.
    public func validate() throws {
        guard customers >= 1 else { throw GeneratorError.customers(customers) }
        guard (1...Self.maximumMonths).contains(months) else { throw GeneratorError.months(months) }
    }
}

/// A generator option or output directory that cannot be used; each message says what to do.
public enum GeneratorError: Error, Equatable, CustomStringConvertible {
    case customers(Int)
    case months(Int)
    case outputIsFile(String)
    case outputNotEmpty(String)
    case cannotCreateOutput(String, reason: String)

    public var description: String {
        switch self {
        case .customers(let value):
            return "--customers must be at least 1 (got \(value))"
        case .months(let value):
            return "--months must be from 1 to \(GeneratorConfig.maximumMonths) (got \(value))"
        case .outputIsFile(let path):
            return "--out \(path) is a file; give a directory (it is created if missing)"
        case .outputNotEmpty(let path):
            return "--out \(path) is not empty; choose an empty or new directory, or pass --force to overwrite the generated files in it"
        case .cannotCreateOutput(let path, let reason):
            return "cannot create the output directory \(path): \(reason)"
        }
    }
}
