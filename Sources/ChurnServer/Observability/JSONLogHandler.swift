import ChurnData
import ChurnModel
import Foundation
import Glibc
import Logging
import Synchronization

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
        var fields: [String: Logger.MetadataValue] = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        // Hummingbird's own request id duplicates our trace id.
        fields["hb.request.id"] = nil
        fields["time"] = .string(Self.timestamp())
        fields["level"] = .string(event.level.rawValue)
        fields["message"] = .string(event.message.description)
        fields["logger"] = .string(label)
        var json = JSONBytes(capacity: 256)
        Self.append(.dictionary(fields), to: &json)
        json.append(byte: 0x0A)
        output.write(json.bytes)
    }

    /// One metadata value as JSON; dictionaries with their keys sorted, numbers as numbers.
    private static func append(_ value: Logger.MetadataValue, to json: inout JSONBytes) {
        switch value {
        case .string(let text): json.append(string: text)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int {
                json.append(integer: number)
            } else if let number = convertible as? Double, number.isFinite {
                json.append(number: number)
            } else {
                json.append(string: convertible.description)
            }
        case .array(let values):
            json.append(byte: UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { json.append(byte: UInt8(ascii: ",")) }
                append(element, to: &json)
            }
            json.append(byte: UInt8(ascii: "]"))
        case .dictionary(let values):
            json.append(byte: UInt8(ascii: "{"))
            var first = true
            for key in values.keys.sorted() {
                json.appendSeparator(first: &first, key: key)
                append(values[key]!, to: &json)
            }
            json.append(byte: UInt8(ascii: "}"))
        }
    }

    private static func timestamp() -> String { UTCTimestamp.string(Date()) }
}

/// Where JSON log lines go: standard output, or a buffer tests can read. One line at a time: the
/// lock keeps concurrent lines whole.
public final class LogOutput: Sendable {
    /// The captured bytes, or nil when lines go to standard output.
    private let captured: Mutex<Data?>

    public static let standardOutput = LogOutput(capturing: false)

    public init(capturing: Bool) {
        captured = Mutex(capturing ? Data() : nil)
    }

    func write(_ bytes: [UInt8]) {
        captured.withLock { captured in
            if captured != nil {
                captured!.append(contentsOf: bytes)
                return
            }
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 {
                        // A full pipe would retry; a closed one drops the line rather than the server.
                        if written < 0, errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// The captured lines, each decoded as a JSON object.
    public var lines: [[String: Any]] {
        let data = captured.withLock { $0 } ?? Data()
        return data.split(separator: 0x0A).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    public var text: String {
        captured.withLock { $0.map { String(decoding: $0, as: UTF8.self) } } ?? ""
    }
}
