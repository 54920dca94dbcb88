import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET /console`: customers scored, counts and value at risk by tier, the trend across scoring
/// days and the top reasons. The figures change when a batch run or campaign lands, not per
/// request, and counting a million-customer day costs hundreds of milliseconds: the overview is
/// recounted at most once per ``OverviewCache/maxAge``, behind the requests, and shared by every viewer.
struct OverviewPage: Sendable {
    let store: ChurnStore
    let cache: OverviewCache

    struct TierRow {
        let tier: String
        let customers: String
        let value: String
        let loss: String
    }

    struct Model {
        let day: String?
        let scored: String
        let atRisk: String
        let campaignID: String
        let tiers: [TierRow]
        let tierChart: String
        let trendChart: String
        let hasReasons: Bool
        let reasonChart: String
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("") { _, context in
            let overview = try await cache.overview { try await RiskOverview.load(from: store) }
            return ConsoleResponse.html(ConsoleRenderer.page("overview", title: "Overview", model: Self.model(overview), context: context, current: "/console"))
        }
    }

    static func model(_ overview: RiskOverview) -> Model {
        let tiers = RiskOverview.tiers.map { tier in
            let value = overview.tierValues[tier]
            return TierRow(
                tier: tier, customers: ConsoleFormat.count(overview.tierCounts[tier] ?? 0),
                value: value.map { ConsoleFormat.money($0.lifetimeValue) } ?? "—", loss: value.map { ConsoleFormat.money($0.expectedLoss) } ?? "—")
        }
        let tierChart = SVGChart.bars("Customers by tier", RiskOverview.tiers.map { tier in
            let count = overview.tierCounts[tier] ?? 0
            return (tier, Double(count), ConsoleFormat.count(count), SVGChart.tierColors[tier] ?? "#888")
        })
        let trendChart = SVGChart.lines(
            "Customers per tier by scoring day", xLabels: overview.trend.map(\.day),
            series: RiskOverview.tiers.map { tier in (tier, SVGChart.tierColors[tier] ?? "#888", overview.trend.map { Double($0.tierCounts[tier] ?? 0) }) })
        let reasonChart = overview.topReasons.isEmpty ? "" : SVGChart.bars("Top reasons among HIGH and CRITICAL customers", overview.topReasons.enumerated().map { index, reason in
            (reason.feature, Double(reason.customers), ConsoleFormat.count(reason.customers), SVGChart.palette[index % SVGChart.palette.count])
        })
        return Model(
            day: overview.day, scored: ConsoleFormat.count(overview.scored), atRisk: ConsoleFormat.count(overview.atRisk),
            campaignID: overview.campaignID ?? "(none yet)", tiers: tiers, tierChart: tierChart, trendChart: trendChart,
            hasReasons: !overview.topReasons.isEmpty, reasonChart: reasonChart)
    }
}

/// The overview, recounted at most every ``maxAge``. A stale overview is still answered at once
/// while one recount runs behind it (stale while revalidating), so only the first request after
/// the server starts waits for the count; concurrent first requests share it.
actor OverviewCache {
    let maxAge: Duration
    private var cached: (value: RiskOverview, at: ContinuousClock.Instant)?
    private var inFlight: Task<RiskOverview, any Error>?

    init(maxAge: Duration = .seconds(60)) {
        self.maxAge = maxAge
    }

    func overview(_ compute: @escaping @Sendable () async throws -> RiskOverview) async throws -> RiskOverview {
        if let cached {
            if ContinuousClock.now - cached.at >= maxAge, inFlight == nil {
                inFlight = Task { try await compute() }
                Task { _ = try? await self.finishRefresh() }
            }
            return cached.value
        }
        if inFlight == nil { inFlight = Task { try await compute() } }
        return try await finishRefresh()
    }

    /// Awaits the running count and keeps its result (a failed count keeps the previous overview).
    @discardableResult
    private func finishRefresh() async throws -> RiskOverview {
        guard let task = inFlight else {
            if let cached { return cached.value }
            throw CancellationError()
        }
        defer { if inFlight == task { inFlight = nil } }
        let value = try await task.value
        cached = (value, .now)
        return value
    }
}
