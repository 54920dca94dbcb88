import Foundation

/// Reads the flat features object the online store and the predictions log keep
/// (`{"name": number | true | false | "text" | null, …}`, as ``FeatureSchema/jsonObject(values:)``
/// writes it) into schema order: the one parser of stored feature JSON.
///
/// The common form is parsed straight from the bytes, without Foundation: in a batch run
/// `JSONSerialization` and its bridging casts were the largest cost. Anything rarer (escapes in
/// strings, nesting, malformed text) is decoded by `JSONDecoder` instead, with the same rules:
/// unknown keys are ignored (a newer model may read fewer features); null, a value of the wrong type
/// and a missing key count as missing; a 0/1 number is read as a boolean for a boolean feature
/// (stores and exports often keep flags that way); unreadable text gives all missing.
public enum FlatFeatureJSON {
    /// Feature name → schema position, built once per schema: the names sorted bytewise, as the store
    /// writes its keys (`.sortedKeys`), so that each key is usually the next name and is matched by
    /// comparing bytes, without making a `String` of it and hashing that; any other key is looked up.
    public struct KeyIndex: Sendable {
        let sortedNames: [[UInt8]]
        let sortedSlots: [Int]
        /// Feature name → schema position (the first, for a name the schema repeats).
        public let slots: [String: Int]

        /// The slot of the key in `bytes`, advancing `cursor` past a name matched in sorted order.
        func slot(of bytes: UnsafeBufferPointer<UInt8>, cursor: inout Int) -> Int? {
            while cursor < sortedNames.count {
                let name = sortedNames[cursor]
                let order = compare(bytes, name)
                if order == 0 { cursor += 1; return sortedSlots[cursor - 1] }
                if order < 0 { break }  // the key sorts before the next name: not a schema name
                cursor += 1  // that name was absent from this object
            }
            return slots[String(decoding: bytes, as: UTF8.self)]
        }

        private func compare(_ bytes: UnsafeBufferPointer<UInt8>, _ name: [UInt8]) -> Int {
            for (byte, other) in zip(bytes, name) where byte != other { return byte < other ? -1 : 1 }
            return bytes.count - name.count
        }
    }

    /// The values of `text` in schema order; `index` is ``index(of:)`` of `schema`, built once.
    public static func values(_ text: String, schema: FeatureSchema, index: KeyIndex) -> [FeatureValue] {
        var text = text
        return text.withUTF8 { bytes in
            parse(bytes, schema: schema, index: index)
        } ?? decoded(text, schema: schema)
    }

    public static func index(of schema: FeatureSchema) -> KeyIndex {
        let slots = Dictionary(schema.features.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = slots.map { (Array($0.key.utf8), $0.value) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        return KeyIndex(sortedNames: sorted.map(\.0), sortedSlots: sorted.map(\.1), slots: slots)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, schema: FeatureSchema, index: KeyIndex) -> [FeatureValue]? {
        var values = [FeatureValue](repeating: .missing, count: schema.features.count)
        var position = 0
        func skipSpace() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
                position += 1
            }
        }
        func string() -> String? {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
            position += 1
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                if bytes[position] == UInt8(ascii: "\\") { return nil }  // escapes: left to `decoded`
                position += 1
            }
            guard position < bytes.count else { return nil }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            position += 1
            return value
        }
        /// A key's bytes between its quotes (nil for escapes, left to `decoded`).
        func keyBytes() -> UnsafeBufferPointer<UInt8>? {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
            position += 1
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                if bytes[position] == UInt8(ascii: "\\") { return nil }
                position += 1
            }
            guard position < bytes.count else { return nil }
            position += 1
            return UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])
        }
        func literal(_ word: String) -> Bool {
            let utf8 = Array(word.utf8)
            guard position + utf8.count <= bytes.count else { return false }
            for (offset, byte) in utf8.enumerated() where bytes[position + offset] != byte { return false }
            position += utf8.count
            return true
        }
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return nil }
        position += 1
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { return values }
        var cursor = 0
        while true {
            skipSpace()
            guard let key = keyBytes() else { return nil }
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            skipSpace()
            guard position < bytes.count else { return nil }
            let slot = index.slot(of: key, cursor: &cursor)
            let kind = slot.map { schema.features[$0].kind }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                guard let value = string() else { return nil }
                if let slot, kind == .categorical { values[slot] = .category(value) }
            case UInt8(ascii: "t"):
                guard literal("true") else { return nil }
                if let slot, kind == .boolean { values[slot] = .boolean(true) }
            case UInt8(ascii: "f"):
                guard literal("false") else { return nil }
                if let slot, kind == .boolean { values[slot] = .boolean(false) }
            case UInt8(ascii: "n"):
                guard literal("null") else { return nil }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
                let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                guard let number = Double(token) else { return nil }
                if let slot, kind == .numeric { values[slot] = .number(number) }
                // Flags kept as 0/1 read as booleans.
                if let slot, kind == .boolean, number == 0 || number == 1 { values[slot] = .boolean(number == 1) }
            default:
                return nil  // nested object or array
            }
            skipSpace()
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == UInt8(ascii: "}") else { return nil }
            position += 1
            skipSpace()
            return position == bytes.count ? values : nil
        }
    }

    /// The slow path: `JSONDecoder`, strict about types (unlike `JSONSerialization`, which on Linux
    /// reads the number 1 as `true`), with the same rules as `parse`.
    private static func decoded(_ text: String, schema: FeatureSchema) -> [FeatureValue] {
        guard let object = try? JSONDecoder().decode([String: StoredJSONValue].self, from: Data(text.utf8)) else {
            return Array(repeating: .missing, count: schema.features.count)
        }
        return schema.features.map { feature in
            switch (feature.kind, object[feature.name]) {
            case (.numeric, .number(let number)?): return .number(number)
            case (.boolean, .boolean(let flag)?): return .boolean(flag)
            case (.boolean, .number(let number)?) where number == 0 || number == 1: return .boolean(number == 1)
            case (.categorical, .text(let category)?): return .category(category)
            default: return .missing
            }
        }
    }

    /// Every key of `text` with its value, sorted by name, for showing a stored object whole (the
    /// console's customer page): numbers, booleans and text as they are, null and anything nested
    /// as missing; a 0/1 number of a feature `schema` calls boolean is that boolean, as in
    /// ``values(_:schema:index:)``. Unreadable text gives no keys.
    public static func valuesByName(_ text: String, schema: FeatureSchema? = nil) -> [(name: String, value: FeatureValue)] {
        guard let object = try? JSONDecoder().decode([String: StoredJSONValue].self, from: Data(text.utf8)) else { return [] }
        let booleans = Set(schema?.features.filter { $0.kind == .boolean }.map(\.name) ?? [])
        return object.keys.sorted().map { name in
            switch object[name]! {
            case .number(let number) where booleans.contains(name) && (number == 0 || number == 1): return (name, .boolean(number == 1))
            case .number(let number): return (name, .number(number))
            case .boolean(let flag): return (name, .boolean(flag))
            case .text(let text): return (name, .category(text))
            case .other: return (name, .missing)
            }
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}

/// A JSON scalar decoded strictly: a number is never a boolean, nor a boolean a number.
private enum StoredJSONValue: Decodable {
    case number(Double), boolean(Bool), text(String), other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .boolean(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .other
        }
    }
}
