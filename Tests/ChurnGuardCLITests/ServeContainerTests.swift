import ChurnTestSupport
import ChurnStore
import Foundation
import Testing

/// The serve container of deploy/k8s run here as the pod runs it: its arguments and environment from
/// the rendered manifest, the ConfigMap's files and the Secret's files at stand-in paths, the store in
/// PostgreSQL through CHURNGUARD_DATABASE_URL. What differs, and why: the pod's paths are moved into
/// a temporary directory, the port is a free one on loopback, and `--bundle` stands in for a
/// registry with a production model.
@Suite(.requires(.kubernetesValidate), .requires(.postgreSQL)) struct ServeContainerTests {
    @Test func theServeContainerStartsOnPostgreSQLAndAnswersItsProbes() async throws {
        let manifests = try KubernetesManifests(image: "registry.test/churnguard:1")
        let serve = try #require(try manifests.containers(ofDeployment: "churnguard-serve").first)
        let root = try CLIProcess.temporaryDirectory()
        let paths = ["/etc/churnguard": root.appendingPathComponent("etc").path,
                     "/var/run/secrets/churnguard": root.appendingPathComponent("secrets").path,
                     "/var/lib/churnguard": root.appendingPathComponent("home").path]
        func local(_ value: String) -> String {
            paths.reduce(value) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        for directory in paths.values { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let config = try #require(KubernetesManifests.at(try manifests.document("ConfigMap", "churnguard-config"), "data") as? [String: String])
        for (name, text) in config { try local(text).write(toFile: paths["/etc/churnguard"]! + "/" + name, atomically: true, encoding: .utf8) }
        let secrets = paths["/var/run/secrets/churnguard"]!
        try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: secrets + "/erasure-key"))
        try "whsec_\(Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())".write(toFile: secrets + "/webhook-secret", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: secrets + "/data-key", contents: Data(DataKey.generateBase64().utf8), attributes: [.posixPermissions: 0o440])

        // What the Secret's keys hold in the cluster.
        let secretValues = ["database-url": try await PostgresTestServer.shared.makeDatabaseURL(),
                            "jwt-secret": (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()]
        var environment = ProcessInfo.processInfo.environment
        for variable in ["CHURNGUARD_HOME", "CHURNGUARD_DATABASE_URL", "CHURNGUARD_JWT_SECRET", "CHURNGUARD_ERASURE_KEY_FILE",
                         "CHURNGUARD_DATA_KEY", "CHURNGUARD_DATA_KEY_FILE", "CHURNGUARD_DATA_KEY_PREVIOUS", "CHURNGUARD_DATA_KEY_PREVIOUS_FILE"] {
            environment[variable] = nil
        }
        for entry in serve["env"] as? [[String: Any]] ?? [] {
            let name = try #require(entry["name"] as? String)
            if let value = entry["value"] as? String {
                environment[name] = local(value)
            } else {
                let key = try #require(KubernetesManifests.at(entry, "valueFrom", "secretKeyRef", "key") as? String)
                let value: String = try #require(secretValues[key], "the test has no value for the Secret's \(key)")
                environment[name] = value
            }
        }
        #expect(environment["CHURNGUARD_DATABASE_URL"]?.hasPrefix("postgres") == true)

        let bundle = root.appendingPathComponent("model").path
        let features = root.appendingPathComponent("telco.csv").path
        let sample = CLIProcess.repositoryRoot.appendingPathComponent("Samples/telco_sample.csv").path
        #expect(try await CLIProcess.run(["import", "--csv", sample, "--target", "Churn", "--out", features]).status == 0)
        #expect(try await CLIProcess.run(["train", "--budget", "0", "--features", features, "--out", bundle, "--folds", "3", "--param", "nthread=2"]).status == 0)

        var arguments = try #require(serve["args"] as? [String]).map(local)
        let port = try #require(arguments.firstIndex(of: "--port"))
        arguments[port + 1] = "0"
        let host = try #require(arguments.firstIndex(of: "--host"))
        arguments[host + 1] = "127.0.0.1"
        let server = try CLIProcess.spawn(arguments + ["--bundle", bundle], environment: environment)
        defer { if server.isRunning() { server.kill() } }
        let deadline = ContinuousClock.now + .seconds(120)
        while !server.output().contains("listening on"), server.isRunning(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let line = try #require(server.output().split(separator: "\n").first { $0.contains("listening on") }, "\(server.errors())")
        let address = try #require(line.firstMatch(of: /listening on ([0-9.]+:[0-9]+)/).map { String($0.1) }, "\(line)")
        #expect(server.errors().contains("data: \(paths["/var/lib/churnguard"]!)"), "\(server.errors())")

        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            let path = try #require(KubernetesManifests.at(serve, probe, "httpGet", "path") as? String)
            let answer = try await ChildProcess.run(["curl", "--silent", "--show-error", "--max-time", "5", "--write-out", "\n%{http_code}", "http://\(address)\(path)"])
            #expect(answer.output.hasSuffix("\n200"), "\(probe) \(path): \(answer.output) \(answer.errors)")
            if probe == "readinessProbe" {
                #expect(answer.output.contains(#""status":"ready""#) && answer.output.contains(#""database":"ok""#), "\(answer.output)")
            }
        }
        // The pod's stop: SIGTERM, and a clean exit well within terminationGracePeriodSeconds.
        server.kill(SIGTERM)
        let result = await server.result()
        #expect(result.status == 0 && !result.signaled, "status \(result.status): \(result.errors)")
    }
}
