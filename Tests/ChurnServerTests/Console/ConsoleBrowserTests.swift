import ChurnStore
import ChurnTestSupport
import Foundation
import Testing
@testable import ChurnServer

/// The console in a real browser: headless Chromium from Debian (`chromium`, `chromium-driver`),
/// driven by `Tests/Browser/console_check.py` through selenium (PyPI), against the server on a
/// loopback port. Signs in, opens every page (headings in order, inputs labelled, no CSP
/// violation), submits predict with a bad value and reads the field's error, downloads a batch
/// result, promotes as admin, uploads outcomes, is refused as analyst. Screenshots go to
/// `.build/console-screenshots/`.
/// `scripts/bootstrap.sh --postgres` installs the three; where one is missing the test is
/// cancelled, and fails under CI=true (``TestRequirement``).
@Suite struct ConsoleBrowserTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let chromium = ProcessInfo.processInfo.environment["CHROMIUM"] ?? "/usr/bin/chromium"
    static let chromedriver = ProcessInfo.processInfo.environment["CHROMEDRIVER"] ?? "/usr/bin/chromedriver"

    /// Why the browser cannot run here, or nil.
    static func unavailableReason() async -> String? {
        if ProcessInfo.processInfo.environment["CHURNGUARD_TEST_SKIP_BROWSER"] != nil { return "CHURNGUARD_TEST_SKIP_BROWSER is set" }
        for (path, package) in [(chromium, "chromium"), (chromedriver, "chromium-driver")] where !FileManager.default.isExecutableFile(atPath: path) {
            return "\(path) is missing (Debian package '\(package)')"
        }
        guard let probe = try? await ChildProcess.run(["python3", "-c", "import selenium"]), probe.status == 0 else {
            return "python3 cannot import selenium (pip install selenium)"
        }
        return nil
    }

    @Test func signsInOpensEveryPageAndIsRefusedWhereItShouldBe() async throws {
        try TestRequirement(name: "headless Chromium with selenium", unavailableReason: await Self.unavailableReason()).check()
        try await withTestStore { store, home in
            try await ConsoleFixture.seed(store, home: home)
            let test = try await ConsoleFixture.server(store, home: home)
            let admin = try await test.token(.admin)
            let analyst = try await test.token(.analyst)
            let screenshots = Self.repository.appendingPathComponent(".build/console-screenshots").path
            try? FileManager.default.removeItem(atPath: screenshots)
            let run = try await withRunningServer(test.server) { port in
                try await ChildProcess.run([
                    "python3", Self.repository.appendingPathComponent("Tests/Browser/console_check.py").path,
                    "http://127.0.0.1:\(port)", admin, analyst, screenshots,
                ])
            }
            #expect(run.status == 0, "\(run.output)\n\(run.errors.suffix(2_000))")
            #expect(run.output.contains("ok a bad value is reported next to its field"))
            #expect(run.output.contains("ok an analyst is refused the promotion page"))
            #expect(run.output.contains("ok an outcomes upload names the refused line"))
            #expect(run.output.contains("browser checks passed"))
            #expect(FileManager.default.fileExists(atPath: screenshots + "/20-predict-field-error.png"))
            #expect(try await store.modelRegistry.production()?.version == "v-b", "the browser's promotion reached the registry")
        }
    }
}
