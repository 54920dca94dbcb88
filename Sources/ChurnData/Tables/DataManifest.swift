import Foundation

/// The parts of `manifest.json` (written by `churnguard generate`) that feature building needs.
///
/// `end` is the first day after the simulated window; labels need it to know which horizons were
/// fully observed. A business export has no manifest, and then the data end is inferred.
public struct DataManifest: Sendable, Equatable {
    public var start: CalendarDay?
    public var end: CalendarDay?

    public init(start: CalendarDay?, end: CalendarDay?) {
        self.start = start
        self.end = end
    }

    /// Reads `DIR/manifest.json`; nil when there is none.
    public static func read(directory: String) throws -> DataManifest? {
        let path = (directory as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw RawTableError.invalidManifest(path: path, reason: "not a JSON object")
        }
        func day(_ key: String) throws -> CalendarDay? {
            guard let value = object[key] else { return nil }
            guard let text = value as? String, let day = CalendarDay(text) else {
                throw RawTableError.invalidManifest(path: path, reason: "'\(key)' is not a YYYY-MM-DD date")
            }
            return day
        }
        return DataManifest(start: try day("start"), end: try day("end"))
    }
}
