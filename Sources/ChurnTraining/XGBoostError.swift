import CXGBoost

/// An error reported by libxgboost, carrying XGBoost's own message.
public struct XGBoostError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let message: String

    public var description: String { "XGBoost \(call) failed: \(message)" }

    /// Throws with libxgboost's last error message when `status` is non-zero.
    static func check(_ status: Int32, _ call: String) throws {
        guard status != 0 else { return }
        let message = XGBGetLastError().map { String(cString: $0) } ?? "unknown error"
        throw XGBoostError(call: call, message: message)
    }
}

/// The version of the linked libxgboost, e.g. "1.7.4".
public func linkedXGBoostVersion() -> String {
    var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
    XGBoostVersion(&major, &minor, &patch)
    return "\(major).\(minor).\(patch)"
}
