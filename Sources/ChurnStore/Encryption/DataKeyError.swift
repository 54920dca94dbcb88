/// Why the data key could not be used. Every case says what to set or fix; a store never opens
/// with a key that does not match its data, and never returns undecryptable values as text.
public enum DataKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key's bytes are not 32.
    case wrongLength(bytes: Int)
    /// An environment variable or key file that does not hold a usable key.
    case unusable(source: String, reason: String)
    /// Both a key and a key file for the same role.
    case ambiguous(variable: String, fileVariable: String)
    /// The store holds data sealed under keys and no key is configured.
    case missing(keyIDs: [String])
    /// The store holds data sealed under a key that is not configured.
    case notConfigured(keyID: String, configured: [String])
    /// A previous key without a current one.
    case previousWithoutCurrent
    /// A value sealed under a key this process does not have.
    case unknownKey(keyID: String, column: String)
    /// A value that does not open under its key: altered, moved from another row, or truncated.
    case cannotOpen(column: String, customerID: String)
    /// A sealed file (the spool's) under a key this process does not have.
    case unknownFileKey(keyID: String, path: String)
    /// A sealed file that does not open under its key.
    case cannotOpenFile(path: String)
    /// Rotation needs a current key to seal under.
    case rotationWithoutKey

    public var description: String {
        switch self {
        case .wrongLength(let bytes):
            "a data key must be 32 bytes, this one is \(bytes)"
        case .unusable(let source, let reason):
            "the data key in \(source) is unusable: \(reason)"
        case .ambiguous(let variable, let fileVariable):
            "both \(variable) and \(fileVariable) are set; set one of them"
        case .missing(let keyIDs):
            "this store holds data encrypted under data key id \(keyIDs.joined(separator: ", ")) but no data key is configured; set CHURNGUARD_DATA_KEY_FILE (or CHURNGUARD_DATA_KEY) to that key"
        case .notConfigured(let keyID, let configured):
            "the data key does not match: this store holds data encrypted under key id \(keyID), the configured key\(configured.count == 1 ? " is" : "s are") \(configured.joined(separator: ", ")); set CHURNGUARD_DATA_KEY_FILE to key \(keyID) (during a rotation, the old key as CHURNGUARD_DATA_KEY_PREVIOUS_FILE)"
        case .previousWithoutCurrent:
            "CHURNGUARD_DATA_KEY_PREVIOUS(_FILE) is set without CHURNGUARD_DATA_KEY(_FILE); a previous key is only read during a rotation to a current one"
        case .unknownKey(let keyID, let column):
            "a value in \(column) is encrypted under data key id \(keyID), which is not configured"
        case .cannotOpen(let column, let customerID):
            "a value in \(column) of customer \(customerID) does not decrypt under its key: it was altered or copied from another row"
        case .unknownFileKey(let keyID, let path):
            "file \(path) is encrypted under data key id \(keyID), which is not configured"
        case .cannotOpenFile(let path):
            "file \(path) does not decrypt under its key: it was altered or truncated"
        case .rotationWithoutKey:
            "key rotation needs the new key as CHURNGUARD_DATA_KEY_FILE (or CHURNGUARD_DATA_KEY) and the old one as CHURNGUARD_DATA_KEY_PREVIOUS_FILE"
        }
    }
}
