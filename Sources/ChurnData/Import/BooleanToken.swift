/// The spellings of yes and no that make a column boolean: `yes`/`no`, `y`/`n`, `true`/`false`,
/// `t`/`f` and `1`/`0`, in any case.
enum BooleanToken {
    static func value(of text: String) -> Bool? {
        guard text.utf8.count <= 5 else { return nil }
        switch text.lowercased() {
        case "yes", "y", "true", "t", "1": return true
        case "no", "n", "false", "f", "0": return false
        default: return nil
        }
    }
}
