/// Calls `body` with a C array of NUL-terminated copies of `strings`, valid only during the call.
///
/// XGBoost's string-list setters take `const char**`; the copies are freed when `body` returns,
/// which is safe because libxgboost copies the strings it keeps.
func withCStringArray<Result>(
    _ strings: [String],
    _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) throws -> Result
) rethrows -> Result {
    let copies: [UnsafeMutablePointer<CChar>] = strings.map { string in
        let bytes = string.utf8CString
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        bytes.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: bytes.count) }
        return copy
    }
    defer { copies.forEach { $0.deallocate() } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    return try pointers.withUnsafeMutableBufferPointer { buffer in
        try body(buffer.baseAddress!)
    }
}

/// Copies a `const char**` list that libxgboost returned in its thread-local storage.
func stringArray(_ pointer: UnsafeMutablePointer<UnsafePointer<CChar>?>?, count: UInt64) -> [String] {
    guard let pointer else { return [] }
    return (0..<Int(count)).map { index in pointer[index].map { String(cString: $0) } ?? "" }
}
