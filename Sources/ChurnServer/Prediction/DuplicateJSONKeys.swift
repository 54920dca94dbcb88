import Foundation

/// Finds a key that appears twice in one JSON object. Foundation's decoder keeps one of the two
/// silently, so `{"engagement_score":0.9,"engagement_score":0.1}` would be scored with a value the
/// client may not have meant; the API refuses such a body instead. Run on bodies that already
/// decoded, so the scan only has to track strings and nesting.
enum DuplicateJSONKeys {
    private enum Frame {
        case object(keys: Set<[UInt8]>, expectingKey: Bool)
        case array
    }

    /// The first repeated key, or nil. Keys are compared as they decode: `"a"` and `"\u0061"` are
    /// the same key.
    static func first(in body: Data) -> String? {
        body.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var stack: [Frame] = []
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "{"): stack.append(.object(keys: [], expectingKey: true))
                case UInt8(ascii: "["): stack.append(.array)
                case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
                case UInt8(ascii: ","):
                    if case .object(let keys, _)? = stack.last { stack[stack.count - 1] = .object(keys: keys, expectingKey: true) }
                case UInt8(ascii: ":"):
                    if case .object(let keys, _)? = stack.last { stack[stack.count - 1] = .object(keys: keys, expectingKey: false) }
                case UInt8(ascii: "\""):
                    let start = index + 1
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                        index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    if case .object(var keys, true)? = stack.last {
                        let key = Self.decoded(Array(bytes[start..<min(index, bytes.count)]))
                        if keys.contains(key) { return String(decoding: key, as: UTF8.self) }
                        keys.insert(key)
                        stack[stack.count - 1] = .object(keys: keys, expectingKey: false)
                    }
                default: break
                }
                index += 1
            }
            return nil
        }
    }

    /// A key's characters: as written, or with its escapes resolved when it has any (rare, so
    /// Foundation's decoder does it).
    private static func decoded(_ written: [UInt8]) -> [UInt8] {
        guard written.contains(UInt8(ascii: "\\")),
            let key = try? JSONDecoder().decode(String.self, from: Data([UInt8(ascii: "\"")] + written + [UInt8(ascii: "\"")]))
        else { return written }
        return Array(key.utf8)
    }
}
