import Foundation

/// The fields of a console form: `application/x-www-form-urlencoded`, or `multipart/form-data`
/// (the CSV upload), whose file parts keep their bytes. Parsed once, by ``ConsoleAccessMiddleware``,
/// which checks the CSRF field before any handler sees the form.
public struct ConsoleForm: Sendable {
    public var fields: [String: String] = [:]
    /// Uploaded files by field name.
    public var files: [String: Data] = [:]

    public subscript(_ name: String) -> String? { fields[name] }

    /// Parses `body` by its content type; nil for any other type.
    static func parse(_ body: Data, contentType: String?) -> ConsoleForm? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts.first?.lowercased() {
        case "application/x-www-form-urlencoded":
            return urlEncoded(String(decoding: body, as: UTF8.self))
        case "multipart/form-data":
            guard let boundary = parts.dropFirst().first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count) else { return nil }
            return multipart(body, boundary: String(boundary).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        default:
            return nil
        }
    }

    static func urlEncoded(_ text: String) -> ConsoleForm {
        var form = ConsoleForm()
        for pair in text.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(halves[0])
            let value = halves.count > 1 ? decode(halves[1]) : ""
            // The first value wins: a field repeated later cannot override the CSRF token.
            if form.fields[name] == nil { form.fields[name] = value }
        }
        return form
    }

    private static func decode(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    /// RFC 7578 as browsers send it: parts between `--boundary` lines, each with headers, a blank
    /// line and its content.
    static func multipart(_ body: Data, boundary: String) -> ConsoleForm? {
        guard !boundary.isEmpty else { return nil }
        var form = ConsoleForm()
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return nil }
        cursor = first.upperBound
        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            var part = body[cursor..<next.lowerBound]
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
            cursor = next.upperBound
            guard let split = part.range(of: headerEnd) else { continue }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let content = Data(part[split.upperBound...])
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let name = parameter("name", in: disposition)
            else { continue }
            if parameter("filename", in: disposition) != nil {
                form.files[name] = content
            } else if form.fields[name] == nil {
                form.fields[name] = String(decoding: content, as: UTF8.self)
            }
            if body[cursor...].starts(with: Data("--".utf8)) { break }
        }
        return form
    }

    private static func parameter(_ name: String, in header: Substring) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\(name)=") else { continue }
            return String(trimmed.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
