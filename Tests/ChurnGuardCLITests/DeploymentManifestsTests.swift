import ChurnTestSupport
import Foundation
import Testing

/// deploy/k8s and deploy/docker: the manifests, rendered with a configured image, pass the Kubernetes
/// schemas; serve's probes, resources and secret references are what the binary needs; every flag,
/// environment variable and file they name is one the binary accepts; and the serve container's
/// command line, run here as the pod would run it, answers its probes on PostgreSQL.
@Suite(.requires(.kubernetesValidate)) struct DeploymentManifestsTests {
    static let image = "registry.test/churn/churnguard:1.2.3"

    @Test func manifestsPassTheKubernetesSchemasAndABrokenOneDoesNot() throws {
        let manifests = try KubernetesManifests(image: Self.image)
        let directory = try CLIProcess.temporaryDirectory()
        let rendered = directory.appendingPathComponent("churnguard.yaml")
        try manifests.yaml.write(to: rendered, atomically: true, encoding: .utf8)
        // Strict: an unknown field is an error. The oldest Kubernetes the manifests claim, and the newest schemas.
        for version in ["1.29.0", nil] {
            let run = try ChildProcess.spawn(["python3", "-m", "kubernetes_validate", "--strict"] + (version.map { ["-k", $0] } ?? []) + [rendered.path])
                .waitBlocking()
            #expect(run.status == 0, "kubernetes-validate \(version ?? "default"): \(run.output)\(run.errors)")
            for resource in ["deployment/churnguard-serve", "deployment/churnguard-scheduler", "horizontalpodautoscaler/churnguard-serve",
                             "service/churnguard", "configmap/churnguard-config", "persistentvolumeclaim/churnguard-home"] {
                #expect(run.output.contains("passed for resource \(resource)"), "\(resource) was not validated: \(run.output)")
            }
        }
        // The validator does catch a mistake of the kind a hand edit makes.
        let broken = directory.appendingPathComponent("broken.yaml")
        try manifests.yaml.replacingOccurrences(of: "timeoutSeconds: 2", with: "timeoutSecond: 2").write(to: broken, atomically: true, encoding: .utf8)
        let refused = try ChildProcess.spawn(["python3", "-m", "kubernetes_validate", "--strict", broken.path]).waitBlocking()
        #expect(refused.status != 0)
        #expect(refused.output.contains("'timeoutSecond' was unexpected"), "\(refused.output)")
    }

    @Test func theConfiguredImageIsEveryContainersImage() throws {
        for image in [Self.image, "registry.test:5000/churnguard@sha256:" + String(repeating: "ab", count: 32)] {
            let manifests = try KubernetesManifests(image: image)
            let images = try ["churnguard-serve", "churnguard-scheduler"].flatMap { try manifests.containers(ofDeployment: $0) }.map { $0["image"] as? String }
            #expect(images.count == 2 && images.allSatisfy { $0 == image }, "\(images)")
            #expect(!manifests.yaml.contains("image: churnguard\n"), "a container kept the unconfigured image name")
            for document in manifests.documents {
                #expect(KubernetesManifests.at(document, "metadata", "labels", "app.kubernetes.io/part-of") as? String == "churnguard")
            }
        }
    }

    @Test func serveProbesPortsAndAutoscalerFitTogether() throws {
        let manifests = try KubernetesManifests(image: Self.image)
        let serve = try #require(try manifests.containers(ofDeployment: "churnguard-serve").first)
        let args = try #require(serve["args"] as? [String])
        let port = try #require(args.firstIndex(of: "--port").map { args[$0 + 1] })
        #expect(args.first == "serve" && args.contains("0.0.0.0"), "serve must listen beyond loopback: \(args)")
        // Jobs and delivery run in the scheduler pods (see serve-deployment.yaml), never in the autoscaled replicas.
        #expect(!args.contains("--scheduler") && !args.contains("--deliver") && !args.contains("--bundle"))
        let ports = try #require(serve["ports"] as? [[String: Any]])
        #expect(ports.contains { $0["name"] as? String == "http" && ($0["containerPort"] as? Int).map(String.init) == port })
        for (probe, path) in [("readinessProbe", "/ready"), ("livenessProbe", "/health"), ("startupProbe", "/health")] {
            #expect(KubernetesManifests.at(serve, probe, "httpGet", "path") as? String == path, "\(probe)")
            #expect(KubernetesManifests.at(serve, probe, "httpGet", "port") as? String == "http", "\(probe) must probe the serving port")
        }
        let service = try manifests.document("Service", "churnguard")
        #expect(KubernetesManifests.at(service, "spec", "ports", 0, "targetPort") as? String == "http")
        let selector = try #require(KubernetesManifests.at(service, "spec", "selector") as? [String: String])
        let podLabels = try #require(KubernetesManifests.at(try manifests.document("Deployment", "churnguard-serve"), "spec", "template", "metadata", "labels") as? [String: String])
        #expect(selector.allSatisfy { podLabels[$0.key] == $0.value }, "the Service selects no serve pod")
        let autoscaler = try manifests.document("HorizontalPodAutoscaler", "churnguard-serve")
        #expect(KubernetesManifests.at(autoscaler, "spec", "scaleTargetRef", "kind") as? String == "Deployment")
        #expect(KubernetesManifests.at(autoscaler, "spec", "scaleTargetRef", "name") as? String == "churnguard-serve")
        let minimum = try #require(KubernetesManifests.at(autoscaler, "spec", "minReplicas") as? Int)
        let maximum = try #require(KubernetesManifests.at(autoscaler, "spec", "maxReplicas") as? Int)
        #expect(minimum >= 2 && maximum > minimum)
        #expect(KubernetesManifests.at(autoscaler, "spec", "metrics", 0, "resource", "name") as? String == "cpu")
    }

    @Test func everyContainerHasResourcesAndRunsAsTheImagesUser() throws {
        let manifests = try KubernetesManifests(image: Self.image)
        let dockerfile = try String(contentsOf: KubernetesManifests.dockerfile, encoding: .utf8)
        #expect(dockerfile.contains("\nUSER 10001:10001\n"))
        for name in ["churnguard-serve", "churnguard-scheduler"] {
            let pod = try #require(KubernetesManifests.at(try manifests.document("Deployment", name), "spec", "template", "spec") as? [String: Any])
            #expect(KubernetesManifests.at(pod, "securityContext", "runAsNonRoot") as? Bool == true, "\(name)")
            #expect(KubernetesManifests.at(pod, "securityContext", "runAsUser") as? Int == 10001, "\(name)")
            for container in try manifests.containers(ofDeployment: name) {
                for bound in ["requests", "limits"] {
                    for resource in ["cpu", "memory"] {
                        #expect(KubernetesManifests.at(container, "resources", bound, resource) != nil, "\(name): no \(bound).\(resource)")
                    }
                }
                #expect(KubernetesManifests.at(container, "securityContext", "allowPrivilegeEscalation") as? Bool == false)
            }
        }
    }

    @Test func secretsComeFromTheSecretNeverFromTheManifests() throws {
        let manifests = try KubernetesManifests(image: Self.image)
        let expected = ["churnguard-serve": ["CHURNGUARD_JWT_SECRET": "jwt-secret", "CHURNGUARD_DATABASE_URL": "database-url"],
                        "churnguard-scheduler": ["CHURNGUARD_DATABASE_URL": "database-url"]]
        for (name, references) in expected {
            let environment = try #require(try manifests.containers(ofDeployment: name).first?["env"] as? [[String: Any]])
            for (variable, key) in references {
                let entry = try #require(environment.first { $0["name"] as? String == variable }, "\(name) does not set \(variable)")
                #expect(entry["value"] == nil, "\(name): \(variable) is written into the manifest")
                #expect(KubernetesManifests.at(entry, "valueFrom", "secretKeyRef", "name") as? String == "churnguard-secrets")
                #expect(KubernetesManifests.at(entry, "valueFrom", "secretKeyRef", "key") as? String == key)
            }
            // Files of the Secret (the erasure key, the data key, the webhook's signing secret) are mounted, not copied.
            let volumes = try #require(KubernetesManifests.at(try manifests.document("Deployment", name), "spec", "template", "spec", "volumes") as? [[String: Any]])
            let secretFiles = try #require(volumes.first { KubernetesManifests.at($0, "secret", "secretName") as? String == "churnguard-secrets" })
            let items = (KubernetesManifests.at(secretFiles, "secret", "items") as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            #expect(Set(items) == ["erasure-key", "data-key", "webhook-secret"], "\(name): \(items)")
        }
        #expect(!manifests.documents.contains { $0["kind"] as? String == "Secret" }, "a Secret's values must not live in deploy/k8s")
        let delivery = try #require(try manifests.configFile("delivery.yaml") as? [String: Any])
        for destination in delivery["destinations"] as? [[String: Any]] ?? [] {
            #expect(destination["secret"] == nil && destination["secret_file"] as? String == "/var/run/secrets/churnguard/webhook-secret")
        }
    }

    @Test func everyFlagVariableAndFileIsOneTheBinaryAccepts() async throws {
        let manifests = try KubernetesManifests(image: Self.image)
        let configKeys = Set((KubernetesManifests.at(try manifests.document("ConfigMap", "churnguard-config"), "data") as? [String: String] ?? [:]).keys)
        for name in ["churnguard-serve", "churnguard-scheduler"] {
            let container = try #require(try manifests.containers(ofDeployment: name).first)
            let args = try #require(container["args"] as? [String])
            let help = try await Self.help([try #require(args.first)])
            for flag in args where flag.hasPrefix("--") {
                #expect(Self.flags(in: help).contains(flag), "\(name): `churnguard \(args[0]) --help` knows no \(flag)")
            }
            for variable in (container["env"] as? [[String: Any]] ?? []).compactMap({ $0["name"] as? String }) {
                #expect(Self.variables(in: help).contains(variable), "\(name): `churnguard \(args[0]) --help` names no \(variable)")
            }
            for path in args where path.hasPrefix("/etc/churnguard/") {
                #expect(configKeys.contains(String(path.dropFirst("/etc/churnguard/".count))), "\(name): \(path) is no ConfigMap file")
            }
        }
        // The ConfigMap's schedule reads (with its line numbers on any mistake) and each job's flags exist.
        let directory = try CLIProcess.temporaryDirectory()
        let schedule = directory.appendingPathComponent("schedule.yaml")
        let text = try #require(KubernetesManifests.at(try manifests.document("ConfigMap", "churnguard-config"), "data", "schedule.yaml") as? String)
        try text.write(to: schedule, atomically: true, encoding: .utf8)
        let list = try await CLIProcess.run(["jobs", "list", "--home", directory.appendingPathComponent("home").path, "--schedule", schedule.path])
        #expect(list.status == 0, "\(list.standardError)")
        let jobs = try #require(KubernetesManifests.at(try manifests.configFile("schedule.yaml"), "jobs") as? [[String: Any]])
        #expect(jobs.count >= 3)
        for job in jobs {
            let run = try #require(job["run"] as? [String])
            let command = Array(run.prefix { !$0.hasPrefix("-") && !$0.hasPrefix("{") && !$0.hasPrefix("/") })
            let help = try await Self.help(command)
            for flag in run where flag.hasPrefix("--") {
                #expect(Self.flags(in: help).contains(flag), "job \(job["name"] ?? ""): `churnguard \(command.joined(separator: " ")) --help` knows no \(flag)")
            }
            for path in run where path.hasPrefix("/etc/churnguard/") {
                #expect(configKeys.contains(String(path.dropFirst("/etc/churnguard/".count))), "\(path) is no ConfigMap file")
            }
        }
    }

    @Test func dockerfileHealthCheckProbesTheServedPort() throws {
        let dockerfile = try String(contentsOf: KubernetesManifests.dockerfile, encoding: .utf8)
        let stages = dockerfile.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2 && stages[0].contains("SWIFT_IMAGE") && stages[1].contains("RUNTIME_IMAGE"), "\(stages)")
        #expect(dockerfile.contains("ARG SWIFT_IMAGE=swift:6") && dockerfile.contains("ARG RUNTIME_IMAGE=debian:bookworm-slim"))
        #expect(dockerfile.contains("libxgboost0") && dockerfile.contains("libxgboost-dev"))
        #expect(dockerfile.contains("EXPOSE 8080"))
        #expect(dockerfile.contains("http://127.0.0.1:8080/health"))
        #expect(dockerfile.contains(#"CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]"#))
        #expect(dockerfile.contains("--static-swift-stdlib"))
    }

    /// Whole options and variable names, so `--registry-pol` is not taken for `--registry-poll`.
    static func flags(in help: String) -> Set<String> { Set(help.matches(of: /--[a-z0-9][a-z0-9-]*/).map { String($0.output) }) }
    static func variables(in help: String) -> Set<String> { Set(help.matches(of: /CHURNGUARD_[A-Z0-9_]+/).map { String($0.output) }) }

    /// `churnguard COMMAND… --help`.
    static func help(_ command: [String]) async throws -> String {
        let run = try await CLIProcess.run(command + ["--help"])
        guard run.status == 0 else { throw KubernetesManifests.RenderFailure(description: "churnguard \(command) --help: \(run.standardError)") }
        return run.standardOutput
    }
}
