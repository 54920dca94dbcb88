import Foundation
import Testing
@testable import ChurnModel

/// A logistic-regression bundle: file format, validation, scoring and exact reasons.
@Suite struct LinearModelTests {
    static let schema = FeatureSchema(features: [
        FeatureSpec(name: "tenure", kind: .numeric),
        FeatureSpec(name: "plan", kind: .categorical, categories: ["basic", "premium"]),
        FeatureSpec(name: "autopay", kind: .boolean),
    ])

    static func model() throws -> LinearModel {
        let columns = FeatureEncoder(schema: schema).columnNames
        var weights: [Double] = []
        for index in columns.indices { weights.append(Double(index % 3) - 0.7 + Double(index) * 0.1) }
        return try LinearModel(
            columnNames: columns, means: columns.indices.map { Double($0) * 0.5 }, scales: columns.indices.map { 1 + Double($0) },
            weights: weights, intercept: -1.2, c: 0.1)
    }

    @Test func contributionsSumToTheMarginAndMissingValuesContributeNothing() throws {
        let model = try Self.model()
        let row: [Float] = (0..<model.featureCount).map { $0 == 0 ? .nan : Float($0) * 1.5 + 0.25 }
        let contributions = model.contributions(row: row)
        #expect(contributions.count == model.featureCount + 1)
        #expect(contributions[0] == 0)
        #expect(contributions.last == -1.2)
        let margin = contributions.reduce(0, +)
        let probability = model.probabilities(matrix: row, rowCount: 1)[0]
        #expect(abs(probability - 1 / (1 + exp(-margin))) < 1e-12)
        #expect(abs(model.margin(row: row) - margin) < 1e-12)
    }

    @Test func aBundleServesItAndItsReasonsAreItsExactTerms() throws {
        let model = try Self.model()
        let manifest = BundleManifest(version: "lin-1", featureSchema: Self.schema, modelKind: .logisticRegression)
        #expect(manifest.formatVersion == 2)
        let bundle = try ModelBundle(manifest: manifest, modelJSON: try model.jsonData())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linear-\(UUID().uuidString)").path
        try bundle.save(to: directory)
        let loaded = try ModelBundle.load(from: directory)
        #expect(loaded.ensemble == nil)
        guard case .linear(let reloaded) = loaded.model else {
            Issue.record("a logistic-regression bundle must load as a linear model")
            return
        }
        #expect(reloaded == model)

        let predictor = ChurnPredictor(bundle: loaded)
        let values: [FeatureValue] = [.number(30), .category("premium"), .boolean(true)]
        let prediction = predictor.predict(customerID: "c1", values: values)
        let row = predictor.encoder.encode(values)
        let expected = model.contributions(row: row)
        #expect(abs(prediction.rawProbability - 1 / (1 + exp(-expected.reduce(0, +)))) < 1e-9)
        let perFeature = predictor.encoder.featureContributions(Array(expected.dropLast()))
        for reason in prediction.reasons {
            let index = try #require(Self.schema.names.firstIndex(of: reason.feature))
            #expect(abs(reason.contribution - perFeature[index]) < 1e-5)
        }
        let batch = predictor.predictBatch(customerIDs: ["c1"], values: [values])
        #expect(abs(batch[0].rawProbability - prediction.rawProbability) < 1e-6)
        #expect(batch[0].reasons.map(\.feature) == prediction.reasons.map(\.feature))
    }

    @Test func aManifestWithoutModelKindStillReadsAsXGBoost() throws {
        let manifest = BundleManifest(version: "old", featureSchema: Self.schema)
        var object = try JSONSerialization.jsonObject(with: ModelBundle.encoder.encode(manifest)) as! [String: Any]
        for key in ["modelKind", "selection", "calibration", "thresholds"] { object.removeValue(forKey: key) }
        let decoded = try ModelBundle.decoder.decode(BundleManifest.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.modelKind == nil)
        #expect(decoded.resolvedModelKind == .xgboost)
        #expect(decoded.formatVersion == 1)
    }

    @Test func invalidScalesAreRefusedNamingTheColumn() throws {
        #expect(throws: LinearModelError.self) {
            try LinearModel(columnNames: ["a", "b"], means: [0, 0], scales: [1, 0], weights: [1, 1], intercept: 0, c: 1)
        }
        do {
            _ = try LinearModel(columnNames: ["a", "b"], means: [0, 0], scales: [1, 0], weights: [1, 1], intercept: 0, c: 1)
        } catch {
            #expect(error.description.contains("column b"))
        }
        let text = #"{"format":"something-else","columnNames":["a"],"means":[0],"scales":[1],"weights":[1],"intercept":0,"c":1}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(LinearModel.self, from: Data(text.utf8)) }
    }
}
