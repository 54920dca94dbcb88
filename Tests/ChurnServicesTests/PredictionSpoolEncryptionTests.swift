import ChurnServices
import ChurnStore
import Foundation
import Testing

/// With a data key the spool's files are sealed like the log's columns: a batch spooled while the
/// database is away holds no readable features on disk, reads back whole, and a file spooled
/// before the key was set still replays.
@Suite struct PredictionSpoolEncryptionTests {
    static let key = DataKey.generateBase64()

    static func cipher(_ key: String?) throws -> FieldCipher {
        try FieldCipher(keys: DataKeySource.environment(key.map { [DataKeySource.keyVariable: $0] } ?? [:]))
    }

    @Test func spooledFilesAreSealedAndReadBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var entry = PredictionsLogWriterTests.entry(1)
        entry.inferenceFeaturesJSON = #"{"secret_signal":"very-personal"}"#
        let plainSpool = try PredictionSpool(directory: directory, cipher: try Self.cipher(nil))
        try plainSpool.write([PredictionsLogWriterTests.entry(2)])
        let sealedSpool = try PredictionSpool(directory: directory, cipher: try Self.cipher(Self.key))
        try sealedSpool.write([entry])

        let files = sealedSpool.files()
        #expect(files.count == 2)
        let raw = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(raw.filter { String(decoding: $0, as: UTF8.self).contains("very-personal") }.isEmpty)
        #expect(raw.filter { $0.starts(with: Array("CGSEAL1 ".utf8)) }.count == 1)
        // Both replay under the key: the sealed one and the one spooled before it.
        let read = try files.flatMap { try sealedSpool.read($0) }
        #expect(Set(read.map(\.predictionID)) == ["p1", "p2"])
        #expect(read.first { $0.predictionID == "p1" }?.inferenceFeaturesJSON == entry.inferenceFeaturesJSON)

        // Without the key (or with another) a sealed file is an error naming it, never garbage.
        let sealedFile = try #require(files.first { (try? Data(contentsOf: URL(fileURLWithPath: $0)))?.starts(with: Array("CGSEAL1 ".utf8)) == true })
        #expect(throws: DataKeyError.self) { try PredictionSpool(directory: directory, cipher: try Self.cipher(DataKey.generateBase64())).read(sealedFile) }
        var altered = try Data(contentsOf: URL(fileURLWithPath: sealedFile))
        altered[altered.count - 1] ^= 0xFF
        try altered.write(to: URL(fileURLWithPath: sealedFile))
        #expect(throws: DataKeyError.self) { try sealedSpool.read(sealedFile) }
    }
}
