import ChurnTestSupport
import Foundation
import Testing

/// `churnguard serve` refuses inconsistent security and timeout options before it opens anything.
@Suite struct ServeOptionsTests {
    @Test(arguments: [
        (["--tls-cert", "server.pem"], "--tls-cert and --tls-key go together"),
        (["--tls-key", "server.key"], "--tls-cert and --tls-key go together"),
        (["--tls-client-ca", "ca.pem"], "--tls-client-ca needs --tls-cert"),
        (["--request-timeout", "0"], "--request-timeout"),
        (["--request-timeout", "-3"], "--request-timeout"),
        (["--registry-poll", "-1"], "--registry-poll"),
        (["--write-timeout", "0"], "--write-timeout must be 0.1…3600 seconds"),
        (["--anonymous-burst", "0"], "--anonymous-burst"),
    ])
    func inconsistentOptionsAreRefused(arguments: [String], message: String) async throws {
        let home = try CLIProcess.temporaryDirectory()
        let run = try await CLIProcess.run(["serve", "--home", home.path, "--port", "0"] + arguments)
        #expect(run.status != 0)
        #expect(run.standardError.contains(message), "\(run.standardError)")
    }

    @Test func helpSaysWhichClaimsAreCheckedAndHowToSetThem() async throws {
        let help = try await CLIProcess.run(["serve", "--help"])
        for needle in [
            "iss", "aud", "CHURNGUARD_JWT_ISSUER", "CHURNGUARD_JWT_AUDIENCE", "--max-token-lifetime", "--idle-timeout", "--header-timeout",
            "--body-timeout", "--write-timeout", "--max-connections", "--anonymous-rate-limit", "churnguard_connections_closed_total",
        ] {
            #expect(help.standardOutput.contains(needle), "serve --help does not mention \(needle)")
        }
    }

    @Test func tokenSaysWhenServeWouldRefuseTheLifetimeAsked() async throws {
        let home = try CLIProcess.temporaryDirectory().path
        let short = try await CLIProcess.run(["token", "--role", "scorer", "--ttl", "1h", "--home", home])
        #expect(short.status == 0 && short.standardOutput.split(separator: ".").count == 3, "\(short.standardError)")
        #expect(short.standardError.isEmpty)
        let long = try await CLIProcess.run(["token", "--role", "scorer", "--ttl", "7d", "--home", home])
        #expect(long.status == 0)
        #expect(long.standardError.contains("serve refuses a token valid for 7d unless it runs with --max-token-lifetime 604800"), "\(long.standardError)")
        let tooLong = try await CLIProcess.run(["token", "--role", "scorer", "--ttl", "31d", "--home", home])
        #expect(tooLong.status != 0 && tooLong.standardError.contains("--ttl '31d'"), "\(tooLong.standardError)")
        let unknown = try await CLIProcess.run(["token", "--role", "owner", "--home", home])
        #expect(unknown.status != 0 && unknown.standardError.contains("--role 'owner' is not one of"), "\(unknown.standardError)")
    }

    @Test func unreadableJWKSIsAClearError() async throws {
        let home = try CLIProcess.temporaryDirectory()
        let bundle = home.appendingPathComponent("model").path
        let features = home.appendingPathComponent("telco.csv").path
        let sample = CLIProcess.repositoryRoot.appendingPathComponent("Samples/telco_sample.csv").path
        #expect(try await CLIProcess.run(["import", "--csv", sample, "--target", "Churn", "--out", features]).status == 0)
        #expect(try await CLIProcess.run(["train", "--budget", "0", "--features", features, "--out", bundle, "--folds", "3", "--param", "nthread=2"]).status == 0)
        let run = try await CLIProcess.run(["serve", "--home", home.path, "--bundle", bundle, "--port", "0", "--jwks", home.appendingPathComponent("missing.json").path])
        #expect(run.status != 0)
        #expect(run.standardError.contains("cannot read the JWKS file"), "\(run.standardError)")

        // --scheduler reads HOME/schedule.yaml and refuses a bad one with its line, before serving.
        try "jobs:\n  - name: nightly\n    cron: \"0 2 * *\"\n    run: [score]\n".write(
            to: home.appendingPathComponent("schedule.yaml"), atomically: true, encoding: .utf8)
        let scheduled = try await CLIProcess.run(["serve", "--home", home.path, "--bundle", bundle, "--port", "0", "--scheduler"])
        #expect(scheduled.status != 0)
        #expect(scheduled.standardError.contains("line 3: jobs[0].cron"), "\(scheduled.standardError)")
    }

    @Test func aCleanStopLogsNoErrors() async throws {
        let home = try CLIProcess.temporaryDirectory()
        let bundle = home.appendingPathComponent("model").path
        let features = home.appendingPathComponent("telco.csv").path
        let sample = CLIProcess.repositoryRoot.appendingPathComponent("Samples/telco_sample.csv").path
        #expect(try await CLIProcess.run(["import", "--csv", sample, "--target", "Churn", "--out", features]).status == 0)
        // Served from the registry, which serve polls (every 0.2 s here): stopping must not log the
        // poll's cancellation as "cannot reload the serving set".
        #expect(try await CLIProcess.run([
            "train", "--budget", "0", "--features", features, "--out", bundle, "--folds", "3", "--param", "nthread=2",
            "--version", "stop", "--register", "--min-auc", "0", "--home", home.path]).status == 0)
        #expect(try await CLIProcess.run(["models", "promote", "stop", "--home", home.path]).status == 0)
        // With the scheduler running too: it announces its job, and stops as cleanly.
        try "jobs:\n  - name: nightly\n    cron: \"0 2 * * *\"\n    run: [version]\n".write(
            to: home.appendingPathComponent("schedule.yaml"), atomically: true, encoding: .utf8)
        let server = try CLIProcess.spawn(["serve", "--home", home.path, "--port", "0", "--scheduler", "--registry-poll", "0.2"])
        let deadline = ContinuousClock.now + .seconds(120)
        while !server.output().contains("listening"), server.isRunning(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(server.output().contains("listening"), "\(server.output()) \(server.errors())")
        // Long enough for several polls of the registry.
        try await Task.sleep(for: .seconds(1))
        server.kill(SIGTERM)
        let result = await server.result()
        #expect(result.status == 0 && !result.signaled, "status \(result.status): \(result.errors)")
        // Shutdown is not an error: no error-level line from the background work stopping.
        let errors = result.output.split(separator: "\n").filter { $0.contains(#""level":"error""#) }
        #expect(errors.isEmpty, "\(errors)")
        #expect(result.output.contains(#""message":"stopped""#))
        #expect(result.output.contains(#""message":"job scheduled""#), "\(result.output.suffix(2_000))")
    }
}
