import Crypto
import Foundation
import _CryptoExtras

/// Console passwords: PBKDF2-HMAC-SHA256 from swift-crypto with a random 16-byte salt, stored as
/// `pbkdf2-sha256$ROUNDS$SALT$KEY` (base64), so the work factor can rise later without breaking
/// existing hashes. 600,000 rounds is OWASP's figure for PBKDF2-SHA256; the cost is paid once per
/// sign-in, and the console rate-limits sign-in attempts per address.
public enum ConsolePassword {
    public static let defaultRounds = 600_000
    /// swift-crypto refuses fewer (its checked `deriveKey`); tests use this to stay quick.
    public static let minimumRounds = 210_000
    /// Shorter passwords are refused when a user is added.
    public static let minimumLength = 12

    /// A hash of `password` to store.
    public static func hash(_ password: String, rounds: Int = defaultRounds) throws -> String {
        guard password.count >= minimumLength else { throw ConsolePasswordError.tooShort(minimumLength) }
        let salt = SymmetricKey(size: .init(bitCount: 128)).withUnsafeBytes { Data($0) }
        let key = try derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(salt.base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Whether `password` matches `stored`; false for a malformed hash. Compares in constant time.
    /// Runs the KDF (hundreds of milliseconds): call it off the cooperative pool's hot paths.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= minimumRounds,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])), !expected.isEmpty,
            let key = try? derive(password, salt: salt, rounds: rounds)
        else { return false }
        return constantTimeEqual(key, expected)
    }

    /// A hash of nothing anyone knows, verified when the user name is unknown, so that a missing
    /// name costs the same time as a wrong password and names cannot be probed by timing.
    public static let decoy: String = (try? hash(UUID().uuidString + UUID().uuidString, rounds: minimumRounds)) ?? ""

    static func derive(_ password: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }

    /// Equal lengths and bytes, looking at every byte whatever the first difference.
    public static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

public enum ConsolePasswordError: Error, Equatable, CustomStringConvertible {
    case tooShort(Int)

    public var description: String {
        switch self {
        case .tooShort(let length): "password: must be at least \(length) characters"
        }
    }
}
