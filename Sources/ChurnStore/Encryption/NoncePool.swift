import Crypto
import Foundation
import Synchronization

/// Random 96-bit AES-GCM nonces, drawn 4 KiB at a time: a fresh `AES.GCM.Nonce()` asks the
/// system generator for every nonce (two `getrandom` calls), a third of what sealing one value
/// cost. The nonces are as random as before; only the calls are fewer. (ChurnGuard never forks
/// without exec, so no two processes share a drawn block.)
final class NoncePool: Sendable {
    static let shared = NoncePool()

    private static let blockSize = 4_096
    private let state = Mutex<(bytes: [UInt8], offset: Int)>(([], 0))

    func next() -> AES.GCM.Nonce {
        let bytes: [UInt8] = state.withLock { state in
            if state.offset + 12 > state.bytes.count {
                state.bytes = Self.randomBlock()
                state.offset = 0
            }
            defer { state.offset += 12 }
            return Array(state.bytes[state.offset..<state.offset + 12])
        }
        // A 12-byte nonce is always valid.
        return try! AES.GCM.Nonce(data: bytes)
    }

    /// BoringSSL's generator (seeded from the OS, reseeded after a fork), one call per block.
    private static func randomBlock() -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: blockSize * 8)).withUnsafeBytes { Array($0) }
    }
}
