import ArgumentParser
import ChurnStore
import Crypto
import Foundation

/// `churn-bench cipher`: what sealing one value at rest costs, split into its parts (AES-256-GCM
/// alone, base64, the whole `FieldCipher` path in text form, as PostgreSQL keeps it, and in binary
/// form, as SQLite's BLOBs do), for a feature snapshot and a reasons array of the generated data's
/// sizes. Single thread.
struct CipherBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cipher", abstract: "Time sealing and opening feature snapshots and reasons (FieldCipher text and binary, AES-GCM, base64).")

    @Option(help: "Values per measurement.") var count = 200_000

    func run() throws {
        let features = "{" + (0..<28).map { #""feature_\#($0)_name":\#(Double($0) * 13.37 + 0.123456)"# }.joined(separator: ",") + "}"
        let reasons = "[" + (0..<5).map { #"{"contribution":0.\#($0)12345,"feature":"feature_\#($0)_name","value":"\#($0 * 7).5"}"# }.joined(separator: ",") + "]"
        let cipher = try FieldCipher(keys: DataKeySource.environment([DataKeySource.keyVariable: DataKey.generateBase64()]))
        let key = SymmetricKey(size: .bits256)
        let context = Data("online_features.features\u{0}cust-000123".utf8)
        var table = MarkdownTable("value", "bytes", "operation", "µs per value")
        for (name, text) in [("features", features), ("reasons", reasons)] {
            let plain = Data(text.utf8)
            let box = try AES.GCM.seal(plain, using: key, authenticating: context)
            let combined = box.combined!
            let encoded = combined.base64EncodedString()
            let sealed = try cipher.seal(text, in: .onlineFeatures, customerID: "cust-000123")
            let sealedBinary = try cipher.seal(text, in: .onlineFeatures, customerID: "cust-000123", as: .binary)
            let measurements: [(String, () throws -> Int)] = [
                ("AES-GCM seal", { try AES.GCM.seal(plain, using: key, authenticating: context).ciphertext.count }),
                ("AES-GCM open", { try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key, authenticating: context).count }),
                ("base64 encode", { combined.base64EncodedString().utf8.count }),
                ("base64 decode", { Data(base64Encoded: encoded)!.count }),
                ("FieldCipher seal, text", { try cipher.seal(text, in: .onlineFeatures, customerID: "cust-000123").utf8.count }),
                ("FieldCipher open, text", { try cipher.open(sealed, in: .onlineFeatures, customerID: "cust-000123").utf8.count }),
                ("FieldCipher seal, binary", {
                    try cipher.seal(text, in: .onlineFeatures, customerID: "cust-000123", as: .binary) == .text("") ? 0 : 1
                }),
                ("FieldCipher open, binary", { try cipher.open(sealedBinary, in: .onlineFeatures, customerID: "cust-000123").utf8.count }),
            ]
            for (operation, body) in measurements {
                var sink = 0
                let run = try timed { for _ in 0..<count { sink &+= try body() } }
                precondition(sink > 0)
                table.add(name, "\(text.utf8.count)", operation, String(format: "%.2f", run.cpuSeconds / Double(count) * 1e6))
            }
        }
        print(table.text)
    }
}
