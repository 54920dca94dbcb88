/// One point of an evaluation curve: (false-positive rate, true-positive rate) on a ROC curve,
/// (recall, precision) on a precision–recall curve. Stored as a two-number array, `[x, y]`, so a
/// curve of a hundred points stays a few kilobytes in a bundle's manifest and the registry's metrics.
public struct CurvePoint: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        x = try container.decode(Double.self)
        y = try container.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(x)
        try container.encode(y)
    }
}
