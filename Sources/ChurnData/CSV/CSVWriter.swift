import Foundation

/// Writes CSV through a large in-memory buffer, quoting only fields that need it (RFC 4180).
///
/// Rows are appended as byte strings and flushed in big chunks, so writing millions of rows costs
/// little more than the disk itself. Call ``close()`` to flush; a writer that is never closed has
/// written only its full chunks.
public final class CSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20
    public let path: String

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CSVError.cannotOpen(path: path, reason: "cannot create the file (check the directory exists and is writable)")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CSVError.cannotOpen(path: path, reason: "cannot open the file for writing")
        }
        self.handle = handle
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends one row of fields.
    public func writeRow<S: Sequence>(_ fields: S) throws where S.Element == String {
        var first = true
        for field in fields {
            if !first { buffer.append(0x2C) }
            first = false
            appendField(field)
        }
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends bytes that already are complete CSV rows, each ending in a newline, quoted where needed
    /// (for writers that format rows themselves, like the synthetic data generator).
    public func writeEncodedRows(_ bytes: [UInt8]) throws {
        if buffer.count + bytes.count < flushThreshold {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count >= flushThreshold {
            try handle.write(contentsOf: bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        try flush()
        try handle.close()
    }

    private func appendField(_ field: String) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }
}
