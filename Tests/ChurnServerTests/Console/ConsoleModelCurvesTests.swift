import ChurnModel
import ChurnServices
import ChurnStore
import ChurnTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ChurnServer

/// The models page draws ROC and precision–recall curves from what the registry stored at
/// registration, and compares two versions side by side.
@Suite struct ConsoleModelCurvesTests {
    /// Metrics as registration writes them (``RegistryMetrics``), curves included, for scores that
    /// rank churners perfectly (`perfect`) or not at all.
    static func metricsJSON(perfect: Bool) throws -> String {
        let labels = (0..<40).map { $0 % 4 == 0 }
        let scores = labels.enumerated().map { index, churned in perfect ? (churned ? 0.9 : 0.1) : Double(index % 7) / 10 }
        let report = try BinaryClassificationReport(scores: scores, labels: labels)
        return RegistryMetrics(rocAUC: report.rocAUC, prAUC: report.prAUC, brierScore: report.brierScore,
                               rocCurve: report.rocCurve, precisionRecallCurve: report.precisionRecallCurve).encoded()
    }

    static func register(_ store: ChurnStore, home: String, version: String, perfect: Bool) async throws {
        // The registry points at the fixture's bundle; the curves come from the metrics alone.
        try await store.modelRegistry.registerCandidate(version: version, metricsJSON: try metricsJSON(perfect: perfect), bundlePath: home + "/bundles/v-b", actor: "test")
    }

    /// The points of each curve polyline in an SVG, in page order.
    static func polylines(_ html: String) -> [[(Double, Double)]] {
        html.matches(of: /<polyline class="curve"[^>]* points="([^"]*)"/).map { match in
            match.1.split(separator: " ").map { pair in
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                return (xy[0], xy[1])
            }
        }
    }

    @Test func aVersionPageDrawsTheStoredCurvesAndSaysWhenThereAreNone() async throws {
        try await withTestStore { store, home in
            try await ConsoleFixture.seed(store, home: home)
            try await Self.register(store, home: home, version: "v-perfect", perfect: true)
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                try await browser.signIn(client, token: try await test.token(.analyst))
                let page = try await browser.get(client, "/console/models/v-perfect")
                #expect(page.status == .ok)
                #expect(page.body.contains(#"aria-label="ROC curve""#) && page.body.contains(#"aria-label="Precision-recall curve""#))
                let curves = Self.polylines(page.body)
                #expect(curves.count == 2)
                // A perfect ranking: the ROC curve goes straight up the left edge (x = 44, the plot's
                // left) to the top (y = 12), and precision stays at the top until recall 1.
                let roc = try #require(curves.first)
                #expect(roc.contains { $0 == (44.0, 12.0) }, "\(roc)")
                #expect(roc.allSatisfy { $0.0 == 44.0 || $0.1 == 12.0 }, "\(roc)")
                let precisionRecall = try #require(curves.last)
                // (x = 284 is recall 1; below it only the lowest threshold's base rate.)
                #expect(precisionRecall.allSatisfy { $0.1 == 12.0 || $0.0 == 284.0 }, "\(precisionRecall)")
                #expect(page.body.contains("v-perfect (AUC 1.000)"))
                // v-a was registered with metrics from before curves were stored.
                #expect(page.body.contains(#"<a href="/console/models/compare?a=v-a&amp;b=v-perfect">Compare with production</a>"#))
                let old = try await browser.get(client, "/console/models/v-a")
                #expect(old.status == .ok)
                #expect(Self.polylines(old.body).isEmpty)
                #expect(old.body.contains("No curves are stored for this version"))
            }
        }
    }

    @Test func aVersionsCurvesAreDrawnBesideItsBaselines() async throws {
        try await withTestStore { store, home in
            try await ConsoleFixture.seed(store, home: home)
            let labels = (0..<40).map { $0 % 4 == 0 }
            let scores = labels.enumerated().map { index, churned in churned ? 0.9 : Double(index % 9) / 10 }
            let calibrated = try BinaryClassificationReport(scores: scores, labels: labels)
            let rule = try BinaryClassificationReport(scores: labels.enumerated().map { index, _ in Double(index % 5) / 5 }, labels: labels)
            let evaluation = ModelEvaluation(dataset: "test", rows: 40, positives: 10, raw: calibrated, calibrated: calibrated,
                                             baselines: [BaselineResult(name: "rule", description: "a rule", report: rule)])
            let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/model.json")
            let bundle = try ModelBundle(manifest: BundleManifest(version: "v-eval", featureSchema: TestServer.schema, evaluation: evaluation), modelJSON: try Data(contentsOf: model))
            try bundle.save(to: home + "/bundles/v-eval")
            try await store.modelRegistry.registerCandidate(version: "v-eval", metricsJSON: RegistryMetrics(bundle: bundle).encoded(), bundlePath: home + "/bundles/v-eval", actor: "test")
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                try await browser.signIn(client, token: try await test.token(.analyst))
                let page = try await browser.get(client, "/console/models/v-eval")
                // The version's ROC and precision-recall curves and the rule's beside each.
                #expect(Self.polylines(page.body).count == 4)
                #expect(page.body.contains(">baseline: rule</text>"))
                let drawn = Self.polylines(page.body)
                #expect(drawn[0].count == calibrated.rocCurve?.count && drawn[1].count == rule.rocCurve?.count)
            }
        }
    }

    @Test func twoVersionsSideBySide() async throws {
        try await withTestStore { store, home in
            try await ConsoleFixture.seed(store, home: home)
            try await Self.register(store, home: home, version: "v-perfect", perfect: true)
            try await Self.register(store, home: home, version: "v-random", perfect: false)
            let test = try await ConsoleFixture.server(store, home: home)
            try await test.server.makeApplication().test(.router) { client in
                var browser = ConsoleBrowser()
                try await browser.signIn(client, token: try await test.token(.analyst))
                let list = try await browser.get(client, "/console/models")
                #expect(list.body.contains(#"<form method="get" action="/console/models/compare""#))
                // Production preselected first, the newest other version second.
                #expect(list.body.contains(#"<option value="v-a" selected>v-a</option>"#))
                #expect(list.body.contains(#"<option value="v-random" selected>v-random</option>"#))

                let page = try await browser.get(client, "/console/models/compare?a=v-perfect&b=v-random")
                #expect(page.status == .ok)
                #expect(page.body.contains("<h1>Compare v-perfect and v-random</h1>"))
                // Both versions on one ROC and one precision-recall chart: four curves, two colours.
                #expect(Self.polylines(page.body).count == 4)
                #expect(page.body.contains("v-perfect (AUC 1.000)") && page.body.contains("v-random (AUC"))
                let perfect = try RegistryMetrics.decode(try Self.metricsJSON(perfect: true))
                let random = try RegistryMetrics.decode(try Self.metricsJSON(perfect: false))
                let difference = String(format: "%+.4f", try #require(random.rocAUC) - 1)
                #expect(page.body.contains("<tr><td>roc_auc</td><td class=\"num\">1.0000</td><td class=\"num\">\(ConsoleFormat.decimal(random.rocAUC, digits: 4))</td><td class=\"num\">\(difference)</td></tr>"),
                        "\(page.body)")
                #expect(perfect.rocCurve != random.rocCurve)

                // A version from before curves: named, not drawn.
                let mixed = try await browser.get(client, "/console/models/compare?a=v-b&b=v-perfect")
                #expect(Self.polylines(mixed.body).count == 2)
                #expect(mixed.body.contains("No curves are stored for v-b"))
                #expect(mixed.body.contains("<td>roc_auc</td><td class=\"num\">0.9100</td><td class=\"num\">1.0000</td><td class=\"num\">+0.0900</td>"))

                let unknown = try await browser.get(client, "/console/models/compare?a=v-a&b=%3Cscript%3E")
                #expect(unknown.status == .notFound)
                #expect(!unknown.body.contains("<script>") && unknown.body.contains("&lt;script&gt;"))
            }
        }
    }
}
