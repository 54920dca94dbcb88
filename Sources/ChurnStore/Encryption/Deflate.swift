import CZlib

/// Raw deflate (no zlib header or checksum: the seal authenticates) with a 512-byte window and
/// the smallest hash table. A sealed value is a few hundred bytes to a few kilobytes of JSON, so a
/// larger window finds little more, and setting a stream up must cost less than the bytes it saves.
enum Deflate {
    /// `input` deflated, or nil when zlib fails (the caller then stores it as it is).
    static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, 1, Z_DEFLATED, -9, 1, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status = output.withUnsafeMutableBufferPointer { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            return deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// `input` inflated to exactly `count` bytes, or nil when it is not such a stream.
    static func decompress(_ input: UnsafeRawBufferPointer, count: Int) -> [UInt8]? {
        var stream = z_stream()
        // The window `compress` deflates with; a larger one would be allocated for nothing.
        guard inflateInit2_(&stream, -9, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: count)
        let status = output.withUnsafeMutableBufferPointer { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            return inflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END, stream.avail_out == 0, stream.avail_in == 0 else { return nil }
        return output
    }
}
