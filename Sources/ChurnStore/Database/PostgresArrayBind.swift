import Foundation
import PostgresKit

/// One column of a bulk write, bound to PostgreSQL as a single array parameter (`text[]`,
/// `float8[]`, `uuid[]`, `timestamptz[]`) that `UNNEST` turns back into rows: a page of thousands of
/// rows costs a handful of binds instead of one per cell, and the server parses and plans one short
/// statement instead of a VALUES list thousands of rows long.
///
/// postgres-nio encodes `[Element]` in its binary array format but has no fast path for optional
/// elements (postgres-kit falls back to its `Encodable` walk, a `PostgresData` per element), so this
/// writes the same format itself with NULL elements (length -1) where a cell is missing.
struct PostgresArrayBind<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable & Encodable & Sendable>: Sendable {
    var elements: [Element?]

    init(_ elements: [Element?]) {
        self.elements = elements
    }
}

extension PostgresArrayBind: PostgresNonThrowingEncodable, PostgresDynamicTypeEncodable {
    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    /// PostgreSQL's binary array: dimensions, has-nulls flag, element type, then (length, lower
    /// bound) for the one dimension, then each element as its byte length and bytes, -1 for NULL.
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let start = buffer.writerIndex
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start), at: lengthIndex, as: Int32.self)
        }
    }
}

/// sql-kit asks every bind to be `Encodable`; postgres-kit takes the `PostgresEncodable` path above
/// first, so this is only what another database would see.
extension PostgresArrayBind: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(elements)
    }
}
