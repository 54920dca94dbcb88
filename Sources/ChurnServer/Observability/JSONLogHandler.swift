import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line (time, level, message, then the
/// metadata: trace_id, route, status, duration_ms, customer_id, …) to standard output.
///
/// Whoever logs decides what goes in; the server never puts features, tokens or secrets into
/// metadata, so none reach the log.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let output: LogOutput

    public init(label: String, output: LogOutput = .standardOutput) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": Self.timestamp(), "level": event.level.rawValue, "message": event.message.description, "logger": label,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            // Hummingbird's own request id duplicates our trace id.
            if key == "hb.request.id" { continue }
            object[key] = Self.plain(value)
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        output.write(data)
    }

    private static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { return number }
            if let number = convertible as? Double { return number }
            return convertible.description
        case .array(let values): return values.map(plain)
        case .dictionary(let values): return values.mapValues(plain)
        }
    }

    private static func timestamp() -> String { UTCTimestamp.string(Date()) }
}

/// Where JSON log lines go: standard output, or a buffer tests can read.
public final class LogOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: Data?

    public static let standardOutput = LogOutput(capturing: false)

    public init(capturing: Bool) {
        captured = capturing ? Data() : nil
    }

    func write(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        if captured != nil {
            captured!.append(data)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    /// The captured lines, each decoded as a JSON object.
    public var lines: [[String: Any]] {
        lock.lock()
        defer { lock.unlock() }
        guard let captured else { return [] }
        return captured.split(separator: 0x0A).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return captured.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
