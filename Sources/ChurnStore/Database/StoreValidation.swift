import Foundation

/// Checks applied before anything is written, so that bad input fails with a message naming the field
/// (rather than a driver error) and the same way on both engines.
enum StoreValidation {
    /// A snapshot date as the store keeps it: `YYYY-MM-DD`, which sorts chronologically as text.
    static func day(_ value: String, field: String) throws {
        let bytes = Array(value.utf8)
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9]
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              digitPositions.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }),
              let month = Int(value.dropFirst(5).prefix(2)), (1...12).contains(month),
              let day = Int(value.suffix(2)), (1...31).contains(day)
        else {
            throw StoreError.invalidValue(field: field, reason: "'\(value)' is not a date in YYYY-MM-DD form")
        }
    }

    static func identifier(_ value: String, field: String, maxLength: Int) throws {
        guard !value.isEmpty else { throw StoreError.invalidValue(field: field, reason: "must not be empty") }
        guard value.utf8.count <= maxLength else {
            throw StoreError.invalidValue(field: field, reason: "'\(value.prefix(40))…' is longer than \(maxLength) bytes")
        }
    }

    static func probability(_ value: Double, field: String) throws {
        guard value.isFinite, (0...1).contains(value) else {
            throw StoreError.invalidValue(field: field, reason: "\(value) is not a probability in [0, 1]")
        }
    }
}
