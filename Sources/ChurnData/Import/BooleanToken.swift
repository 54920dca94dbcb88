/// The spellings of yes and no that make a column boolean: `yes`/`no`, `y`/`n`, `true`/`false`,
/// `t`/`f` and `1`/`0`, in any case.
///
/// Every cell of every candidate column goes through here in the first pass, so the check packs
/// the (at most five) case-folded ASCII bytes into an integer instead of building a lowercased
/// string.
enum BooleanToken {
    private static let yes: Set<UInt64> = Set(["yes", "y", "true", "t", "1"].map(pack))
    private static let no: Set<UInt64> = Set(["no", "n", "false", "f", "0"].map(pack))

    static func value(of text: String) -> Bool? {
        guard text.utf8.count <= 5 else { return nil }
        var folded: UInt64 = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            folded = folded << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        if yes.contains(folded) { return true }
        if no.contains(folded) { return false }
        return nil
    }

    private static func pack(_ token: String) -> UInt64 {
        token.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
