/// The current window's values of one column: numbers (booleans as 0/1, NaN for missing) or
/// categories (nil for missing).
public enum CurrentColumn: Sendable {
    case numbers([Double])
    case categories([String?])
}
