import ChurnModel
import Foundation

/// A sample the parity fixture describes by seed and shape; drawn here with the same SplitMix64
/// and the same arithmetic as `Benchmarks/python/drift_parity.py`, so both sides hold identical values.
struct ParitySample: Decodable {
    var seed: UInt64
    var count: Int
    var shape: String
    var offset: Double
    var scale: Double
    var levels: Int?
    var squared: Bool?

    func draw() -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            switch shape {
            case "uniform":
                return offset + scale * generator.nextUnit()
            case "irwin_hall":
                var sum = generator.nextUnit()
                sum = sum + generator.nextUnit()
                sum = sum + generator.nextUnit()
                sum = sum + generator.nextUnit()
                return offset + scale * sum
            case "squared":
                let u = generator.nextUnit()
                return offset + scale * (u * u)
            case "discrete":
                var u = generator.nextUnit()
                if squared == true { u = u * u }
                return (u * Double(levels ?? 1)).rounded(.down)
            default:
                fatalError("unknown shape \(shape) in the parity fixture")
            }
        }
    }
}

struct ParityFixture: Decodable {
    struct Numeric: Decodable {
        var name: String
        var reference: ParitySample
        var current: ParitySample
        var ks_statistic: Double
        var ks_pvalue: Double
        var ks_method: String
        var wasserstein: Double
        var wasserstein_normed: Double
        var psi_edges: [Double]
        var psi: Double
        var jensenshannon_binned: Double
    }

    struct Categorical: Decodable {
        var name: String
        var reference: ParitySample
        var current: ParitySample
        var categories: [String]
        var chisquare_statistic: Double?
        var chisquare_pvalue: Double
        var jensenshannon: Double
        var psi: Double
    }

    struct KSTwo: Decodable { var n: Int; var x: Double; var sf: Double }
    struct ChiTwo: Decodable { var df: Int; var x: Double; var sf: Double }

    var scipy: String
    var psi_empty_bin_share: Double
    var numeric: [Numeric]
    var categorical: [Categorical]
    var kstwo_sf: [KSTwo]
    var chi2_sf: [ChiTwo]

    static func load() throws -> ParityFixture {
        let url = try _unwrap(Bundle.module.url(forResource: "drift_parity", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(ParityFixture.self, from: Data(contentsOf: url))
    }
}

struct MissingFixture: Error {}

/// The fixture is a copied resource; without it the test target is broken, not the code.
private func _unwrap<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingFixture() }
    return value
}
