/// Maps customer ids to their row in `customers.csv` without creating a `String` per lookup.
///
/// The event tables hold tens of millions of rows, each naming its customer; hashing the raw CSV
/// bytes into an open-addressing table keeps that lookup allocation-free. Ids are stored once, back
/// to back, in one byte array.
struct CustomerIDIndex: Sendable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var slots: [Int32]
    private var mask: Int

    init(expectedCount: Int = 1024) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    var count: Int { starts.count - 1 }

    /// The id of customer `index`, as a string.
    func id(at index: Int) -> String {
        String(decoding: bytes[starts[index]..<starts[index + 1]], as: UTF8.self)
    }

    /// The index of the customer whose id is `key`, if it is known.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Self.hash(key) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { return nil }
            if equals(Int(candidate), key) { return candidate }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `key` and returns its new index, or nil when it is already present.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        if (count + 1) * 2 > slots.count { grow() }
        var slot = Self.hash(key) & mask
        while slots[slot] >= 0 {
            if equals(Int(slots[slot]), key) { return nil }
            slot = (slot + 1) & mask
        }
        let index = Int32(count)
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        slots[slot] = index
        return index
    }

    private func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index]
        let length = starts[index + 1] - start
        guard length == key.count else { return false }
        for offset in 0..<length where bytes[start + offset] != key[offset] { return false }
        return true
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for index in 0..<count {
            var slot = bytes.withUnsafeBufferPointer { all in
                Self.hash(UnsafeBufferPointer(rebasing: all[starts[index]..<starts[index + 1]]))
            } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// FNV-1a, then a final mix so that ids differing only at the end spread over the table.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        value ^= value >> 33
        value = value &* 0xff51_afd7_ed55_8ccd
        value ^= value >> 33
        return Int(truncatingIfNeeded: value & 0x7fff_ffff_ffff_ffff)
    }
}
