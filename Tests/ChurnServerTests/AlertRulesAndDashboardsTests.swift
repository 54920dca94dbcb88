import ChurnDelivery
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Testing
@testable import ChurnServer

/// The operations files shipped in `deploy/`: the alert rules pass promtool's checks and their own
/// unit tests, every metric a rule or a dashboard reads is one the binary exports, every dashboard
/// query is valid PromQL, and every alert has a runbook entry.
@Suite(.requires(.promtool)) struct AlertRulesAndDashboardsTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy")
    static let rules = deploy.appendingPathComponent("prometheus/churnguard-alerts.yml")
    static let dashboards = deploy.appendingPathComponent("grafana/dashboards")

    @Test func rulesPassPromtoolCheckAndTheirUnitTests() async throws {
        let check = try await ChildProcess.run([try #require(Promtool.path), "check", "rules", Self.rules.path])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        let unit = try await ChildProcess.run([try #require(Promtool.path), "test", "rules",
                                               Self.deploy.appendingPathComponent("prometheus/churnguard-alerts.test.yml").path])
        #expect(unit.status == 0, "\(unit.output)\(unit.errors)")
        let config = try await ChildProcess.run([try #require(Promtool.path), "check", "config",
                                                 Self.deploy.appendingPathComponent("prometheus/prometheus.yml").path])
        #expect(config.status == 0, "\(config.output)\(config.errors)")
    }

    @Test func everyMetricTheRulesAndDashboardsReadIsExported() throws {
        let exported = try Self.exportedSeriesNames()
        var used: [String: String] = [:]
        for name in Self.metricNames(in: try String(contentsOf: Self.rules, encoding: .utf8)) { used[name] = "alert rules" }
        for (file, dashboard) in try Self.loadDashboards() {
            for expression in dashboard.expressions {
                for name in Self.metricNames(in: expression) { used[name] = file }
            }
        }
        #expect(used.count > 20, "the files read \(used.count) metrics")
        for (name, file) in used.sorted(by: { $0.key < $1.key }) {
            #expect(exported.contains(name), "\(file) reads \(name), which /metrics does not export")
        }
    }

    @Test func dashboardsAreWellFormedAndTheirQueriesAreValidPromQL() async throws {
        let dashboards = try Self.loadDashboards()
        #expect(Set(dashboards.map(\.value.uid)) == ["churnguard-executive", "churnguard-model", "churnguard-service"])
        var recordingRules = "groups:\n  - name: dashboard-queries\n    rules:\n"
        var count = 0
        for (file, dashboard) in dashboards {
            #expect(!dashboard.title.isEmpty, "\(file) has no title")
            #expect(dashboard.panels.allSatisfy { !$0.targets.isEmpty && $0.datasource.uid == "${datasource}" }, "\(file): a panel without a query or data source")
            #expect(Set(dashboard.panels.map(\.id)).count == dashboard.panels.count, "\(file): panel ids repeat")
            // No two panels share a grid cell.
            var cells = Set<[Int]>()
            for panel in dashboard.panels {
                for x in panel.gridPos.x..<(panel.gridPos.x + panel.gridPos.w) {
                    for y in panel.gridPos.y..<(panel.gridPos.y + panel.gridPos.h) {
                        #expect(cells.insert([x, y]).inserted, "\(file): '\(panel.title)' overlaps another panel at \(x),\(y)")
                    }
                }
                #expect(panel.gridPos.x + panel.gridPos.w <= 24, "\(file): '\(panel.title)' is wider than the grid")
            }
            for expression in dashboard.expressions {
                count += 1
                // A recording rule per query: promtool parses each as PromQL.
                recordingRules += "      - record: dashboard:query_\(count)\n        expr: '\(expression.replacingOccurrences(of: "'", with: "''"))'\n"
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-queries-\(UUID().uuidString).yml")
        try recordingRules.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try await ChildProcess.run([try #require(Promtool.path), "check", "rules", file.path])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        #expect(check.output.contains("\(count) rules found"))
    }

    @Test func everyAlertHasARunbookEntry() throws {
        let rules = try String(contentsOf: Self.rules, encoding: .utf8)
        let alerts = rules.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("- alert: ") ? String(trimmed.dropFirst("- alert: ".count)) : nil
        }
        #expect(alerts.count >= 13)
        let runbooks = try String(contentsOf: Self.deploy.deletingLastPathComponent().appendingPathComponent("docs/RUNBOOKS.md"), encoding: .utf8)
        let headings = Set(runbooks.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { $0.dropFirst(3).trimmingCharacters(in: .whitespaces) })
        for alert in alerts {
            #expect(headings.contains(alert), "docs/RUNBOOKS.md has no '## \(alert)'")
            #expect(rules.contains("docs/RUNBOOKS.md#\(alert.lowercased())"), "\(alert) does not link its runbook")
        }
    }

    // MARK: - Helpers

    struct Dashboard: Decodable {
        struct Panel: Decodable {
            struct Target: Decodable { var expr: String; var refId: String }
            struct DataSource: Decodable { var uid: String }
            struct Grid: Decodable { var x: Int; var y: Int; var w: Int; var h: Int }
            var id: Int
            var title: String
            var datasource: DataSource
            var gridPos: Grid
            var targets: [Target]
        }
        var uid: String
        var title: String
        var panels: [Panel]
        var expressions: [String] { panels.flatMap { $0.targets.map(\.expr) } }
    }

    static func loadDashboards() throws -> [String: Dashboard] {
        var dashboards: [String: Dashboard] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.dashboards.path) where file.hasSuffix(".json") {
            dashboards[file] = try JSONDecoder().decode(Dashboard.self, from: Data(contentsOf: Self.dashboards.appendingPathComponent(file)))
        }
        return dashboards
    }

    static func metricNames(in text: String) -> Set<String> {
        Set(text.matches(of: /churnguard_[a-z0-9_]+/).map { String($0.output) })
    }

    /// Every series name `/metrics` can carry, with every family populated: histograms add their
    /// `_bucket`, `_sum` and `_count` series.
    static func exportedSeriesNames() throws -> Set<String> {
        let metrics = ServerMetrics()
        metrics.recordRequest(endpoint: "/api/v1/predict", status: 200)
        metrics.recordInference(.milliseconds(3))
        metrics.recordPrediction(riskLevel: "HIGH", probability: 0.8)
        metrics.recordShadowDropped(1)
        metrics.setModelVersion("v1")
        metrics.setSpoolDepth(0)
        metrics.setOpenConnections(1)
        metrics.recordConnectionClosed(.refused)
        metrics.setMonitoring(MonitoringGauges(
            asOf: "2025-06-01", runAt: Date(), features: [.init(name: "engagement_score", method: "wasserstein_normed", value: 0.2, drifted: true)],
            datasetDriftShare: 0.5, datasetDrift: true, scoreDrift: false, estimatedROCAUC: 0.8, realizedROCAUC: 0.79,
            referenceROCAUC: 0.82, conceptDrift: false, expectedChurners: 12,
            risk: .init(probabilities: [0.1, 0.9], monthlyRevenue: [10, 20], thresholds: .default)))
        metrics.recordAttempt(destination: "crm", result: .delivered, duration: .milliseconds(40))
        metrics.setOperations(OperationsGauges(
            lastScoringFinishedAt: Date(), destinations: [.init(name: "crm", waiting: 1, dead: 0, oldestWaitingAge: 5)]))
        var names = Set<String>()
        for line in metrics.render().split(separator: "\n") where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            guard parts.count == 4 else { continue }
            let name = String(parts[2])
            names.insert(name)
            if parts[3] == "histogram" { names.formUnion([name + "_bucket", name + "_sum", name + "_count"]) }
        }
        return names
    }
}
