/// CSV the console hands out (at-risk export, batch results).
enum ConsoleCSV {
    /// One RFC 4180 line. A field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
    /// CR at its start) is prefixed with `'`, unless it is a plain number (a negative value).
    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
