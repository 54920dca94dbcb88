import Foundation
@testable import ChurnModel

/// A model file and libxgboost's own outputs for it, written by
/// Benchmarks/fixtures/make_xgb3_fixture.py and make_xgb17_fixture.py.
struct XGBoostReference: Decodable {
    var xgboostVersion: String
    var objective: String
    var rows: [[Float?]]
    var margin: [Float]
    var probability: [Float]
    var contribs: [[Float]]

    enum CodingKeys: String, CodingKey {
        case xgboostVersion = "xgboost_version", objective, rows, margin, probability, contribs
    }

    /// Rows row-major, with missing values as NaN.
    var matrix: [Float] { rows.flatMap { $0.map { $0 ?? .nan } } }
    var width: Int { rows[0].count }
    func row(_ index: Int) -> [Float] { rows[index].map { $0 ?? .nan } }

    static func fixtureData(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
        }
        return try Data(contentsOf: url)
    }

    /// Loads `<name>_model.json` as an ensemble and `<name>_reference.json`.
    static func load(_ name: String) throws -> (TreeEnsemble, XGBoostReference) {
        let ensemble = try TreeEnsemble(xgboostJSON: fixtureData("\(name)_model"))
        let reference = try JSONDecoder().decode(XGBoostReference.self, from: fixtureData("\(name)_reference"))
        return (ensemble, reference)
    }

    static let names = ["xgb3_binary", "xgb3_reglogistic", "xgb17_binary"]
}
