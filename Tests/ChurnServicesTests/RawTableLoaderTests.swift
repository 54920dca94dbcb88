import ChurnServices
import Foundation
import Testing
@testable import ChurnServices

@Suite struct RawTableLoaderTests {
    @Test func chunksEndOnRecordBoundariesOutsideQuotes() {
        let text = "a,b\n1,\"x\ny\"\n2,z\n3,\"q\"\"\n\"\n4,w\n"
        let data = Data(text.utf8)
        let ranges = RawTableLoader.recordAlignedChunks(data, targetBytes: 1)
        let pieces = ranges.map { String(decoding: data[$0], as: UTF8.self) }
        #expect(pieces == ["a,b\n", "1,\"x\ny\"\n", "2,z\n", "3,\"q\"\"\n\"\n", "4,w\n"])
        #expect(RawTableLoader.recordAlignedChunks(data, targetBytes: 1 << 20) == [0..<data.count])
    }
}
