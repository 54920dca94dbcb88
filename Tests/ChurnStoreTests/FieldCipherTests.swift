import Crypto
import Foundation
import NIOCore
import NIOFoundationCompat
import Testing
@testable import ChurnStore

/// Sealing at rest: what is sealed opens only under its key, in its column, in its customer's row;
/// keys come from the environment or an owner-only file, and every mistake is named.
@Suite("Field cipher and data keys") struct FieldCipherTests {
    static let keyA = DataKey.generateBase64()
    static let keyB = DataKey.generateBase64()

    static func cipher(_ current: String, previous: String? = nil) throws -> FieldCipher {
        var environment = [DataKeySource.keyVariable: current]
        if let previous { environment[DataKeySource.previousKeyVariable] = previous }
        return FieldCipher(keyring: try DataKeySource.environment(environment).load())
    }

    @Test func sealedValuesOpenOnlyInTheirKindAndRow() throws {
        let cipher = try Self.cipher(Self.keyA)
        let text = #"{"mrr": 99, "secret_signal": "low"}"#
        let sealed = try cipher.seal(text, in: .onlineFeatures, customerID: "c1")
        #expect(sealed.hasPrefix("enc:v2:"))
        #expect(!sealed.contains("secret_signal"))
        #expect(sealed != (try cipher.seal(text, in: .onlineFeatures, customerID: "c1")), "a fresh nonce each time")
        #expect(try cipher.open(sealed, in: .onlineFeatures, customerID: "c1") == text)
        #expect(throws: DataKeyError.cannotOpen(column: "online_features.features", customerID: "c2")) {
            try cipher.open(sealed, in: .onlineFeatures, customerID: "c2")
        }
        #expect(throws: DataKeyError.cannotOpen(column: "predictions_log.reasons", customerID: "c1")) {
            try cipher.open(sealed, in: .reasons, customerID: "c1")
        }
        // A customer's snapshot is one kind in the online store and in the log: batch scoring logs it as read.
        #expect(try cipher.open(sealed, in: .inferenceFeatures, customerID: "c1") == text)
        // One bit of the ciphertext flipped (in the decoded bytes: a base64 character can differ
        // only in padding bits that decode to the same bytes).
        let header = String(sealed.prefix(FieldCipher.headerLength))
        var bytes = try #require(Data(base64Encoded: String(sealed.dropFirst(FieldCipher.headerLength))))
        bytes[20] ^= 0x01
        #expect(throws: DataKeyError.cannotOpen(column: "online_features.features", customerID: "c1")) {
            try cipher.open(header + bytes.base64EncodedString(), in: .onlineFeatures, customerID: "c1")
        }
    }

    @Test func binaryValuesAreThePlainBytesUnderTheKeyAndOpenOnlyInTheirKindAndRow() throws {
        let cipher = try Self.cipher(Self.keyA)
        let text = #"{"mrr": 99, "secret_signal": "low", "note": "é"}"#
        let sealed = try cipher.seal(text, in: .onlineFeatures, customerID: "c1", as: .binary)
        guard case .bytes(let buffer) = sealed else {
            Issue.record("a binary seal gives bytes")
            return
        }
        let bytes = Data(buffer.readableBytesView)
        #expect(bytes.count == text.utf8.count + FieldCipher.binaryHeaderLength + 28, "header, nonce and tag: nothing else")
        #expect(bytes.starts(with: FieldCipher.binaryMagic))
        #expect(bytes.range(of: Data("secret_signal".utf8)) == nil)
        #expect(sealed != (try cipher.seal(text, in: .onlineFeatures, customerID: "c1", as: .binary)), "a fresh nonce each time")
        #expect(try cipher.open(sealed, in: .onlineFeatures, customerID: "c1") == text)
        #expect(try cipher.open(sealed, in: .inferenceFeatures, customerID: "c1") == text, "one kind in the store and the log")
        #expect(throws: DataKeyError.cannotOpen(column: "online_features.features", customerID: "c2")) {
            try cipher.open(sealed, in: .onlineFeatures, customerID: "c2")
        }
        #expect(throws: DataKeyError.cannotOpen(column: "predictions_log.reasons", customerID: "c1")) {
            try cipher.open(sealed, in: .reasons, customerID: "c1")
        }
        for position in [FieldCipher.binaryHeaderLength + 3, bytes.count - 1] {
            var tampered = bytes
            tampered[position] ^= 0x01
            #expect(throws: DataKeyError.cannotOpen(column: "online_features.features", customerID: "c1")) {
                try cipher.open(.bytes(ByteBuffer(data: tampered)), in: .onlineFeatures, customerID: "c1")
            }
        }
        for malformed in [Data(), Data(bytes.prefix(30)), Data("{\"a\":1}".utf8)] {
            #expect(throws: DataKeyError.cannotOpen(column: "online_features.features", customerID: "c1")) {
                try cipher.open(.bytes(ByteBuffer(data: malformed)), in: .onlineFeatures, customerID: "c1")
            }
        }
        // An SQLite export carries the bytes as hex.
        let hex = bytes.map { String(format: "%02X", $0) }.joined()
        #expect(try cipher.open(StoredCell(exported: StoredCell.exportedBytesPrefix + hex), in: .onlineFeatures, customerID: "c1") == text)
        #expect(StoredCell(exported: text) == .text(text))
        // Without a key nothing is sealed.
        #expect(try FieldCipher.plaintext.seal(text, in: .onlineFeatures, customerID: "c1", as: .binary) == .text(text))
    }

    @Test func aValueUnderAnotherKeyNamesThatKey() throws {
        let sealed = try Self.cipher(Self.keyA).seal("{}", in: .reasons, customerID: "c1")
        let other = try Self.cipher(Self.keyB)
        let idA = try #require(FieldCipher.keyID(of: sealed))
        #expect(throws: DataKeyError.unknownKey(keyID: idA, column: "predictions_log.reasons")) {
            try other.open(sealed, in: .reasons, customerID: "c1")
        }
        // During a rotation both open, and only values under the new key count as current.
        let rotating = try Self.cipher(Self.keyB, previous: Self.keyA)
        #expect(try rotating.open(sealed, in: .reasons, customerID: "c1") == "{}")
        #expect(!rotating.isCurrent(.text(sealed), form: .text))
        #expect(rotating.isCurrent(.text(try rotating.seal("{}", in: .reasons, customerID: "c1")), form: .text))
        #expect(!rotating.isCurrent(.text("{}"), form: .text), "plain values written before the key are re-sealed too")
        // Binary values name their key the same way.
        let binary = try Self.cipher(Self.keyA).seal("{}", in: .reasons, customerID: "c1", as: .binary)
        #expect(throws: DataKeyError.unknownKey(keyID: idA, column: "predictions_log.reasons")) {
            try other.open(binary, in: .reasons, customerID: "c1")
        }
        #expect(try rotating.open(binary, in: .reasons, customerID: "c1") == "{}")
        #expect(!rotating.isCurrent(binary, form: .binary))
        #expect(rotating.isCurrent(try rotating.seal("{}", in: .reasons, customerID: "c1", as: .binary), form: .binary))
        #expect(!rotating.isCurrent(try rotating.seal("{}", in: .reasons, customerID: "c1", as: .binary), form: .text),
                "a column kept as text is re-sealed as text")
    }

    @Test func longValuesAreDeflatedBeforeSealingAndOldValuesStillOpen() throws {
        let cipher = try Self.cipher(Self.keyA)
        let snapshot = "{" + (0..<30).map { #""feature_number_\#($0)":\#(Double($0) * 1.25)"# }.joined(separator: ",") + "}"
        let sealed = try cipher.seal(snapshot, in: .onlineFeatures, customerID: "c1")
        #expect(sealed.utf8.count < snapshot.utf8.count, "deflated, a sealed snapshot is smaller than its JSON despite base64")
        #expect(try cipher.open(sealed, in: .onlineFeatures, customerID: "c1") == snapshot)
        for short in ["", "DE", "too-expensive", String(repeating: "é", count: 300)] {
            #expect(try cipher.open(try cipher.seal(short, in: .reasons, customerID: "c1"), in: .reasons, customerID: "c1") == short)
        }
        // A value sealed before values were deflated (v1: the text itself under the key) still opens.
        let key = try DataKey(base64: Self.keyA, source: "test")
        let box = try AES.GCM.seal(Data(snapshot.utf8), using: key.key, authenticating: Data("features\u{0}c1".utf8))
        let legacy = "enc:v1:\(key.id):" + box.combined!.base64EncodedString()
        #expect(try cipher.open(legacy, in: .onlineFeatures, customerID: "c1") == snapshot)
        #expect(cipher.isCurrent(.text(legacy), form: .text), "under the current key: rotation leaves it")
        #expect(!cipher.isCurrent(.text(legacy), form: .binary), "SQLite's snapshots are re-sealed as BLOBs")
    }

    @Test func withoutKeysValuesPassThrough() throws {
        let cipher = FieldCipher.plaintext
        #expect(!cipher.encrypts)
        #expect(try cipher.seal("{\"a\":1}", in: .onlineFeatures, customerID: "c1") == "{\"a\":1}")
        #expect(try cipher.open("{\"a\":1}", in: .onlineFeatures, customerID: "c1") == "{\"a\":1}")
    }

    @Test func keyIDsAreStableAndDistinct() throws {
        let a1 = try DataKey(base64: Self.keyA, source: "test")
        let a2 = try DataKey(base64: Self.keyA + "\n", source: "test")
        let b = try DataKey(base64: Self.keyB, source: "test")
        #expect(a1.id == a2.id)
        #expect(a1.id != b.id)
        #expect(a1.id.count == 16)
    }

    @Test func badKeysAreNamed() throws {
        #expect(throws: DataKeyError.unusable(source: "CHURNGUARD_DATA_KEY", reason: "it decodes to 16 bytes; AES-256 needs 32")) {
            try DataKeySource.environment([DataKeySource.keyVariable: Data(count: 16).base64EncodedString()]).load()
        }
        #expect(throws: DataKeyError.self) { try DataKeySource.environment([DataKeySource.keyVariable: "not base64!"]).load() }
        #expect(throws: DataKeyError.ambiguous(variable: "CHURNGUARD_DATA_KEY", fileVariable: "CHURNGUARD_DATA_KEY_FILE")) {
            try DataKeySource.environment([DataKeySource.keyVariable: Self.keyA, DataKeySource.keyFileVariable: "/tmp/k"]).load()
        }
        #expect(throws: DataKeyError.previousWithoutCurrent) {
            try DataKeySource.environment([DataKeySource.previousKeyVariable: Self.keyA]).load()
        }
        #expect(try DataKeySource.environment([:]).load() == nil)
        #expect(!String(describing: DataKeySource.environment([DataKeySource.keyVariable: Self.keyA])).contains(Self.keyA))
    }

    @Test func keyFilesMustBeClosedToOthers() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("data-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(Self.keyA.utf8), attributes: [.posixPermissions: 0o644])
        let source = DataKeySource.environment([DataKeySource.keyFileVariable: path])
        #expect(throws: DataKeyError.unusable(
            source: "CHURNGUARD_DATA_KEY_FILE (\(path))", reason: "\(path) is readable by others (mode 644); run `chmod 600 \(path)`")) {
            try source.load()
        }
        // 0440 is how Kubernetes mounts a Secret's file for the pod's group.
        for mode in [0o600, 0o440] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            #expect(try source.load()?.current.id == (try DataKey(base64: Self.keyA, source: "test")).id)
        }
        #expect(throws: DataKeyError.self) {
            try DataKeySource.environment([DataKeySource.keyFileVariable: path + ".missing"]).load()
        }
    }
}
