import ChurnConfiguration
import Foundation
import Yams

extension DeliveryConfiguration {
    static let topLevelKeys = ["destinations", "worker"]
    static let destinationKeys = [
        "name", "type", "url", "url_env", "url_file", "secret_env", "secret_file", "retry", "rate_limit", "timeout_seconds",
        "tiers", "routes", "top_customers",
        "client_id_env", "client_id_file", "user_env", "user_file", "api_version", "external_id_field", "task_key_field",
        "object", "id_property", "fields", "project", "issue_type", "min_lifetime_value",
    ]

    /// Parses and validates a delivery file before anything is sent.
    ///
    /// - Parameters:
    ///   - environment: where `secret_env` and `url_env` are looked up.
    ///   - readFile: reads a `secret_file` or `url_file` (nil when it cannot).
    /// - Throws: `DeliveryConfigurationError` listing every problem with key path and line: an
    ///   unknown key or type, a missing or unset secret, a bad URL, an out-of-range setting.
    public init(yaml: String, environment: [String: String], readFile: (String) -> String? = { _ in nil }) throws(DeliveryConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw DeliveryConfigurationError(issues: [.init(keyPath: "", line: nil, message: "not valid YAML: \(error)")])
        }
        guard let root else {
            throw DeliveryConfigurationError(issues: [.init(keyPath: "", line: 1, message: "the delivery file is empty")])
        }
        var reader = YAMLNodeReader()
        var configuration = DeliveryConfiguration(destinations: [])
        if let top = reader.mapping(root, at: "", allowed: Self.topLevelKeys) {
            if let node = top["destinations"], let items = reader.sequence(node, at: "destinations") {
                if items.isEmpty { reader.report("destinations", node, "list at least one destination") }
                for (index, item) in items.enumerated() {
                    let path = "destinations[\(index)]"
                    guard let destination = Self.readDestination(item, at: path, environment: environment, readFile: readFile, with: &reader) else { continue }
                    if configuration.destination(named: destination.name) != nil {
                        reader.report("\(path).name", item, "destination '\(destination.name)' is named twice")
                    }
                    configuration.destinations.append(destination)
                }
            } else if top["destinations"] == nil {
                reader.report("destinations", root, "required key is missing")
            }
            if let node = top["worker"], let worker = reader.mapping(node, at: "worker", allowed: ["batch_size", "concurrency", "lease_seconds", "breaker_failures", "breaker_cooldown_seconds"]) {
                if let v = worker["batch_size"].flatMap({ reader.int($0, at: "worker.batch_size", in: 1...5_000) }) { configuration.batchSize = v }
                if let v = worker["concurrency"].flatMap({ reader.int($0, at: "worker.concurrency", in: 1...512) }) { configuration.concurrency = v }
                if let v = worker["lease_seconds"].flatMap({ reader.double($0, at: "worker.lease_seconds", in: 1...3_600) }) { configuration.leaseSeconds = v }
                if let v = worker["breaker_failures"].flatMap({ reader.int($0, at: "worker.breaker_failures", in: 1...1_000) }) { configuration.breakerThreshold = v }
                if let v = worker["breaker_cooldown_seconds"].flatMap({ reader.double($0, at: "worker.breaker_cooldown_seconds", in: 0.01...3_600) }) {
                    configuration.breakerCooldownSeconds = v
                }
            }
        }
        guard reader.issues.isEmpty else { throw DeliveryConfigurationError(issues: reader.issues.map(DeliveryConfigurationError.Issue.init)) }
        self = configuration
    }

    private static func readDestination(
        _ node: Node, at path: String, environment: [String: String], readFile: (String) -> String?, with reader: inout YAMLNodeReader
    ) -> DestinationConfiguration? {
        guard let map = reader.mapping(node, at: path, allowed: destinationKeys) else { return nil }
        let before = reader.issues.count
        var name = ""
        if let n = map["name"], let text = reader.string(n, at: "\(path).name") {
            if text.utf8.count > 128 || text.contains(where: { $0.isWhitespace }) {
                reader.report("\(path).name", n, "a destination name is 1–128 characters without spaces")
            }
            name = text
        } else if map["name"] == nil {
            reader.report("\(path).name", node, "required key is missing")
        }
        var kind = DestinationConfiguration.Kind.webhook
        if let t = map["type"], let text = reader.string(t, at: "\(path).type") {
            if let parsed = DestinationConfiguration.Kind(rawValue: text) {
                kind = parsed
            } else {
                reader.report("\(path).type", t, "unknown destination type '\(text)'; this version knows: \(DestinationConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else if map["type"] == nil {
            reader.report("\(path).type", node, "required key is missing (\(DestinationConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }

        // The URL: inline for a webhook; for Slack it carries the credential, so only by reference.
        var urlText: String?
        let urlSources = ["url", "url_env", "url_file"].filter { map[$0] != nil }
        if urlSources.count != 1 {
            reader.report("\(path).url", node, urlSources.isEmpty ? "required key is missing (url, url_env or url_file)" : "give one of url, url_env, url_file")
        } else if let n = map["url"], let text = reader.string(n, at: "\(path).url") {
            if kind == .slack {
                reader.report("\(path).url", n, "a Slack incoming-webhook URL is a secret: give it with url_env or url_file")
            }
            urlText = text
        } else if let n = map["url_env"] {
            urlText = resolve(n, at: "\(path).url_env", environment: environment, readFile: readFile, fromFile: false, with: &reader).first
        } else if let n = map["url_file"] {
            urlText = resolve(n, at: "\(path).url_file", environment: environment, readFile: readFile, fromFile: true, with: &reader).first
        }
        var url = URL(string: "http://invalid")!
        if let urlText {
            let sourceKey = urlSources.first ?? "url"
            if let parsed = URL(string: urlText), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false {
                url = parsed
            } else {
                // The value itself may be a secret: say what is wrong, not what it is.
                reader.report("\(path).\(sourceKey)", map[sourceKey], "not an http(s) URL with a host")
            }
        }

        var secrets: [String] = []
        for key in ["secret_env", "secret_file"] {
            if let n = map[key] {
                if kind == .slack { reader.report("\(path).\(key)", n, "a Slack destination is not signed; its URL is the credential") }
                secrets += resolve(n, at: "\(path).\(key)", environment: environment, readFile: readFile, fromFile: key == "secret_file", with: &reader)
            }
        }
        if kind != .slack, map["secret_env"] == nil, map["secret_file"] == nil {
            let what = switch kind {
            case .webhook: "a signing secret"
            case .salesforce: "the connected app's client secret"
            case .hubspot: "a private app access token"
            case .jira: "an API token"
            case .slack: ""
            }
            reader.report("\(path).secret_env", node, "a \(kind.rawValue) destination needs \(what): secret_env or secret_file")
        }
        for secret in secrets where secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6))) == nil {
            reader.report("\(path).secret_env", node, "a whsec_ secret must be base64 after the prefix")
        }

        var retry = RetryPolicy()
        if let n = map["retry"], let r = reader.mapping(n, at: "\(path).retry", allowed: ["max_attempts", "base_seconds", "cap_seconds"]) {
            if let v = r["max_attempts"].flatMap({ reader.int($0, at: "\(path).retry.max_attempts", in: 1...100) }) { retry.maxAttempts = v }
            if let v = r["base_seconds"].flatMap({ reader.double($0, at: "\(path).retry.base_seconds", in: 0...3_600) }) { retry.baseSeconds = v }
            if let v = r["cap_seconds"].flatMap({ reader.double($0, at: "\(path).retry.cap_seconds", in: 0...86_400) }) { retry.capSeconds = v }
            if retry.capSeconds < retry.baseSeconds {
                reader.report("\(path).retry.cap_seconds", r["cap_seconds"] ?? n, "the cap (\(retry.capSeconds) s) is below the base (\(retry.baseSeconds) s)")
            }
        }
        // Slack accepts about one message a second per incoming webhook.
        var rateLimit: Double? = kind == .slack ? 1 : nil
        if let n = map["rate_limit"], let v = reader.double(n, at: "\(path).rate_limit", in: 0.001...100_000) { rateLimit = v }
        let timeout = map["timeout_seconds"].flatMap { reader.double($0, at: "\(path).timeout_seconds", in: 0.05...300) } ?? 10
        let tiers = map["tiers"].flatMap { reader.oneOrMoreStrings($0, at: "\(path).tiers") }.map { Set($0.map { $0.uppercased() }) }
        let routes = map["routes"].flatMap { reader.oneOrMoreStrings($0, at: "\(path).routes") }.map(Set.init)
        let top = map["top_customers"].flatMap { reader.int($0, at: "\(path).top_customers", in: 0...50) } ?? 10

        let crm = readCRMSettings(map, kind: kind, at: path, node: node, environment: environment, readFile: readFile, with: &reader)
        // HubSpot allows 100 requests per 10 s to a private app by default; an action takes up to
        // three (upsert, task search, task), so three actions a second stay under it.
        if kind == .hubspot, map["rate_limit"] == nil { rateLimit = 3 }

        guard reader.issues.count == before else { return nil }
        return DestinationConfiguration(
            name: name, kind: kind, url: url, secrets: secrets, retry: retry, rateLimit: rateLimit, timeoutSeconds: timeout,
            tiers: tiers, routes: routes, topCustomers: top, crm: crm)
    }

    /// The settings of a CRM or ticketing destination; a key that does not apply to `kind` is an error,
    /// so a Jira `project` under a Salesforce destination does not pass unnoticed.
    private static func readCRMSettings(
        _ map: YAMLMapping, kind: DestinationConfiguration.Kind, at path: String, node: Node, environment: [String: String],
        readFile: (String) -> String?, with reader: inout YAMLNodeReader
    ) -> CRMSettings {
        let applies: [String: Set<DestinationConfiguration.Kind>] = [
            "client_id_env": [.salesforce], "client_id_file": [.salesforce], "api_version": [.salesforce],
            "external_id_field": [.salesforce], "task_key_field": [.salesforce],
            "user_env": [.jira], "user_file": [.jira], "project": [.jira], "issue_type": [.jira],
            "object": [.hubspot], "id_property": [.hubspot], "fields": [.salesforce, .hubspot],
            "min_lifetime_value": [.salesforce, .hubspot, .jira, .webhook],
        ]
        for (key, kinds) in applies where map[key] != nil && !kinds.contains(kind) {
            reader.report("\(path).\(key)", map[key], "'\(key)' does not apply to a \(kind.rawValue) destination")
        }
        var crm = CRMSettings()
        func text(_ key: String) -> String? { map[key].flatMap { reader.string($0, at: "\(path).\(key)") } }
        func secret(_ base: String) -> String? {
            if let n = map["\(base)_env"] { return resolve(n, at: "\(path).\(base)_env", environment: environment, readFile: readFile, fromFile: false, with: &reader).first }
            if let n = map["\(base)_file"] { return resolve(n, at: "\(path).\(base)_file", environment: environment, readFile: readFile, fromFile: true, with: &reader).first }
            return nil
        }
        crm.clientID = secret("client_id")
        crm.user = secret("user")
        if kind == .salesforce, crm.clientID == nil, map["client_id_env"] == nil, map["client_id_file"] == nil {
            reader.report("\(path).client_id_env", node, "a salesforce destination needs the connected app's client id: client_id_env or client_id_file")
        }
        if kind == .jira, crm.user == nil, map["user_env"] == nil, map["user_file"] == nil {
            reader.report("\(path).user_env", node, "a jira destination needs the API token's account: user_env or user_file")
        }
        let identifier = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/
        for (key, keyPath) in [("api_version", \CRMSettings.apiVersion), ("external_id_field", \.externalIDField), ("task_key_field", \.taskKeyField),
                               ("id_property", \.idProperty), ("issue_type", \.issueType)] {
            guard let value = text(key) else { continue }
            if key != "issue_type", value.wholeMatch(of: identifier) == nil {
                reader.report("\(path).\(key)", map[key], "'\(value)' is not a field or version name (letters, digits, '_' and '.')")
            }
            crm[keyPath: keyPath] = value
        }
        if let value = text("object") {
            if ["companies", "contacts"].contains(value) { crm.object = value } else {
                reader.report("\(path).object", map["object"], "'\(value)' is not companies or contacts")
            }
        }
        if let value = text("project") {
            if value.wholeMatch(of: /^[A-Z][A-Z0-9_]{0,19}$/) != nil { crm.project = value } else {
                reader.report("\(path).project", map["project"], "'\(value)' is not a Jira project key (capitals and digits, like CS)")
            }
        } else if kind == .jira, map["project"] == nil {
            reader.report("\(path).project", node, "a jira destination needs the project key its issues go to")
        }
        if let n = map["fields"], let fields = reader.mapping(n, at: "\(path).fields", allowed: CRMSettings.fieldNames) {
            for name in CRMSettings.fieldNames {
                guard let value = fields[name].flatMap({ reader.string($0, at: "\(path).fields.\(name)") }) else { continue }
                if value.wholeMatch(of: identifier) == nil {
                    reader.report("\(path).fields.\(name)", fields[name], "'\(value)' is not a field name")
                } else {
                    crm.fields[name] = value
                }
            }
        }
        if let n = map["min_lifetime_value"], let value = reader.double(n, at: "\(path).min_lifetime_value", in: 0...1e12) {
            crm.minimumLifetimeValue = value
        }
        return crm
    }

    /// The values named by environment variables or files (one name or a list), trimmed; each one
    /// missing or empty is reported by its name.
    private static func resolve(
        _ node: Node, at path: String, environment: [String: String], readFile: (String) -> String?, fromFile: Bool,
        with reader: inout YAMLNodeReader
    ) -> [String] {
        guard let names = reader.oneOrMoreStrings(node, at: path) else { return [] }
        var values: [String] = []
        for name in names {
            let value = (fromFile ? readFile(name) : environment[name])?.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let value, !value.isEmpty else {
                reader.report(path, node, fromFile ? "cannot read the file \(name), or it is empty" : "the environment variable \(name) is not set")
                continue
            }
            values.append(value)
        }
        return values
    }
}
