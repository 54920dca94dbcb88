import Foundation

/// What `delivery.yaml` says: the named destinations and how the worker runs. Read from
/// `--delivery FILE` or `HOME/delivery.yaml`; without either, campaigns enqueue nothing. The format
/// is described in docs/ARCHITECTURE.md (Delivery) and README's tour; `+YAML` reads it.
public struct DeliveryConfiguration: Sendable, Equatable {
    public var destinations: [DestinationConfiguration]
    /// Messages one claim takes.
    public var batchSize: Int
    /// Requests in flight at once.
    public var concurrency: Int
    /// How long a claimed message stays with its worker before another may take it over.
    public var leaseSeconds: Double
    /// Failed attempts in a row (no answer or 5xx) after which a destination rests, and for how long.
    public var breakerThreshold = 5
    public var breakerCooldownSeconds: Double = 30

    public init(destinations: [DestinationConfiguration], batchSize: Int = 256, concurrency: Int = 32, leaseSeconds: Double = 60) {
        self.destinations = destinations
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.leaseSeconds = leaseSeconds
    }

    public func destination(named name: String) -> DestinationConfiguration? {
        destinations.first { $0.name == name }
    }

    /// The file of `--delivery`, else `home/delivery.yaml` when it exists; nil when delivery is not configured.
    public static func path(explicit: String?, home: String) -> String? {
        if let explicit { return explicit }
        let implicit = (home as NSString).appendingPathComponent("delivery.yaml")
        return FileManager.default.fileExists(atPath: implicit) ? implicit : nil
    }

    /// Reads and validates a delivery file, resolving secrets from this process's environment and files.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DeliveryConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DeliveryConfigurationError(issues: [.init(keyPath: "", line: nil, message: "cannot read the delivery file \(path)")])
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try DeliveryConfiguration(yaml: text, environment: environment) { file in
            let resolved = file.hasPrefix("/") ? file : (directory as NSString).appendingPathComponent(file)
            return try? String(contentsOfFile: resolved, encoding: .utf8)
        }
    }
}
