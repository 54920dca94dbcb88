import ChurnTestSupport
import Foundation
import Testing

/// deploy/k8s rendered by its own render step (`render.py`, the kustomization applied) and read back
/// as JSON, with the tools that check it: kubernetes-validate (PyPI) and PyYAML.
struct KubernetesManifests {
    static let directory = CLIProcess.repositoryRoot.appendingPathComponent("deploy/k8s")
    static let dockerfile = CLIProcess.repositoryRoot.appendingPathComponent("deploy/docker/Dockerfile")

    /// The rendered documents, each a JSON object.
    let documents: [[String: Any]]
    /// The same documents as the YAML stream `kubectl apply -f -` would get.
    let yaml: String

    init(image: String) throws {
        let render = Self.directory.appendingPathComponent("render.py").path
        yaml = try Self.python([render, "--image", image])
        let json = try Self.python([render, "--image", image, "--format", "json"])
        documents = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]], "render.py --format json is no list of objects")
    }

    func document(_ kind: String, _ name: String) throws -> [String: Any] {
        try #require(documents.first { $0["kind"] as? String == kind && Self.at($0, "metadata", "name") as? String == name },
                     "no \(kind) \(name) in deploy/k8s")
    }

    /// The containers of a Deployment's pod template.
    func containers(ofDeployment name: String) throws -> [[String: Any]] {
        try #require(Self.at(try document("Deployment", name), "spec", "template", "spec", "containers") as? [[String: Any]])
    }

    /// A ConfigMap file's YAML, read back as JSON.
    func configFile(_ key: String) throws -> Any {
        let text = try #require(Self.at(try document("ConfigMap", "churnguard-config"), "data", key) as? String, "the ConfigMap has no \(key)")
        let json = try Self.python(["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"], input: text)
        return try JSONSerialization.jsonObject(with: Data(json.utf8))
    }

    /// The value at a path of keys (strings) and indexes (ints), nil where it leaves the document.
    static func at(_ object: Any?, _ path: Any...) -> Any? {
        path.reduce(object) { current, step in
            if let key = step as? String { return (current as? [String: Any])?[key] }
            if let index = step as? Int, let array = current as? [Any], array.indices.contains(index) { return array[index] }
            return nil
        }
    }

    static func python(_ arguments: [String], input: String? = nil) throws -> String {
        let run = try ChildProcess.spawn(["python3"] + arguments, input: input.map { Data($0.utf8) }).waitBlocking()
        guard run.status == 0 else { throw RenderFailure(description: "python3 \(arguments.first ?? ""): \(run.errors)") }
        return run.output
    }

    struct RenderFailure: Error, CustomStringConvertible {
        let description: String
    }
}

extension TestRequirement {
    /// kubernetes-validate and PyYAML for python3 (scripts/bootstrap.sh --postgres installs both).
    /// `CHURNGUARD_TEST_SKIP_KUBERNETES_VALIDATE` acts as if they were missing, like the other skips.
    static let kubernetesValidate = TestRequirement(
        name: "kubernetes-validate",
        unavailableReason: ProcessInfo.processInfo.environment["CHURNGUARD_TEST_SKIP_KUBERNETES_VALIDATE"] != nil
            ? "CHURNGUARD_TEST_SKIP_KUBERNETES_VALIDATE is set"
            : (try? ChildProcess.spawn(["python3", "-c", "import kubernetes_validate, yaml"]).waitBlocking().status) == 0
                ? nil : "python3 cannot import kubernetes_validate and yaml (pip install kubernetes-validate)")
}
