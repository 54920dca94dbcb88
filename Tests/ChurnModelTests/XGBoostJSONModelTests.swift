import Foundation
import Testing
@testable import ChurnModel

@Suite struct XGBoostJSONModelTests {
    /// The tiny model of TreeEnsembleTests with one substring replaced.
    func tinyModel(replacing target: String, with replacement: String) -> Data {
        let json = TreeEnsembleTests.tinyModelJSON
        precondition(json.contains(target), "fixture edit must apply: \(target)")
        return Data(json.replacingOccurrences(of: target, with: replacement).utf8)
    }

    func readError(_ data: Data) -> XGBoostModelError? {
        do {
            _ = try TreeEnsemble(xgboostJSON: data)
            return nil
        } catch {
            return error
        }
    }

    @Test func baseScoreParsesEveryWrittenForm() throws {
        #expect(try XGBoostJSONModel.parseBaseScore("5E-1", path: "p") == [0.5])
        #expect(try XGBoostJSONModel.parseBaseScore("[5E-1]", path: "p") == [0.5])
        #expect(try XGBoostJSONModel.parseBaseScore("[4.18E-1]", path: "p") == [0.418])
        #expect(try XGBoostJSONModel.parseBaseScore("[1E-1,2E-1]", path: "p") == [0.1, 0.2])
        #expect(throws: XGBoostModelError.malformed(path: "p", reason: "expected a number or [number], found \"abc\"")) {
            try XGBoostJSONModel.parseBaseScore("abc", path: "p")
        }
        let numeric = try XGBoostJSONModel(data: tinyModel(replacing: "\"base_score\":\"[5E-1]\"", with: "\"base_score\":0.25"))
        #expect(numeric.baseScore == 0.25)
        let legacy = try XGBoostJSONModel(data: tinyModel(replacing: "\"[5E-1]\"", with: "\"2E-1\""))
        #expect(legacy.baseScore == 0.2)
    }

    @Test func logisticBaseScoreIsAProbabilityAndLogitRawAMargin() throws {
        let probability = try XGBoostJSONModel(data: tinyModel(replacing: "\"[5E-1]\"", with: "\"[3E-1]\""))
        #expect(probability.baseMargin == -Foundation.log(Float(1) / 0.3 - 1))
        let raw = try XGBoostJSONModel(data: tinyModel(replacing: "binary:logistic", with: "binary:logitraw")
            .replacingJSON("\"[5E-1]\"", "\"[3E-1]\""))
        #expect(raw.objective == .binaryLogitRaw)
        #expect(raw.baseMargin == 0.3)
        let regression = try XGBoostJSONModel(data: tinyModel(replacing: "binary:logistic", with: "reg:logistic"))
        #expect(regression.objective == .regLogistic)
    }

    @Test func readsXGBoost17AndXGBoost3Files() throws {
        let old = try XGBoostJSONModel(data: XGBoostReference.fixtureData("xgb17_binary_model"))
        #expect(old.version == [1, 7, 4])
        #expect(old.baseScore == 0.4)
        #expect(old.featureCount == 5)
        #expect(old.trees.count == 15)
        let new = try XGBoostJSONModel(data: XGBoostReference.fixtureData("xgb3_binary_model"))
        #expect(new.version.first == 3)
        #expect(new.objective == .binaryLogistic)
        #expect(new.trees.count == 20)
        #expect(new.trees.allSatisfy { $0.nodeCount <= 31 })
        let tiny = try XGBoostJSONModel(data: Data(TreeEnsembleTests.tinyModelJSON.utf8))
        #expect(tiny.featureNames == ["tenure", "tickets"])
        #expect(tiny.featureTypes == ["float", "int"])
        #expect(tiny.trees[0].defaultLeft == [false, true, false, false, false])
        #expect(tiny.trees[1].defaultLeft == [false])
    }

    @Test func refusesCategoricalSplits() throws {
        let error = readError(try XGBoostReference.fixtureData("xgb3_categorical_model"))
        #expect(error == .categoricalSplit(tree: 0, node: 1))
        #expect(error?.description.contains("trees[0].split_type[1]") == true)
    }

    @Test func refusesMultipleOutputs() {
        #expect(readError(tinyModel(replacing: "\"num_class\":\"0\"", with: "\"num_class\":\"3\""))
            == .multipleOutputs(path: "learner.learner_model_param.num_class", count: 3))
        #expect(readError(tinyModel(replacing: "\"num_target\":\"1\"", with: "\"num_target\":\"2\""))
            == .multipleOutputs(path: "learner.learner_model_param.num_target", count: 2))
        #expect(readError(tinyModel(replacing: "\"[5E-1]\"", with: "\"[5E-1,5E-1]\""))
            == .multipleOutputs(path: "learner.learner_model_param.base_score", count: 2))
        #expect(readError(tinyModel(replacing: "\"tree_info\":[0,0]", with: "\"tree_info\":[0,1]"))
            == .multipleOutputs(path: "learner.gradient_booster.model.tree_info[1]", count: 2))
    }

    @Test func refusesOtherBoostersAndObjectives() {
        #expect(readError(tinyModel(replacing: "\"name\":\"gbtree\",\"model\"", with: "\"name\":\"dart\",\"gbtree\""))
            == .unsupportedBooster("dart"))
        #expect(readError(tinyModel(replacing: "\"name\":\"gbtree\",\"model\"", with: "\"name\":\"gblinear\",\"model\""))
            == .unsupportedBooster("gblinear"))
        #expect(readError(tinyModel(replacing: "binary:logistic", with: "reg:squarederror"))
            == .unsupportedObjective("reg:squarederror"))
        #expect(readError(tinyModel(replacing: "binary:logistic", with: "multi:softprob"))
            == .unsupportedObjective("multi:softprob"))
    }

    @Test func malformedFilesNameTheJSONPath() {
        #expect(readError(Data("not json".utf8))?.description.contains("malformed") == true)
        #expect(readError(tinyModel(replacing: "\"sum_hessian\":[40],", with: ""))
            == .malformed(path: "learner.gradient_booster.model.trees[1].sum_hessian", reason: "required field is missing"))
        #expect(readError(tinyModel(replacing: "\"right_children\":[2,4,", with: "\"right_children\":[9,4,"))
            == .malformed(path: "learner.gradient_booster.model.trees[0].right_children[0]", reason: "child 9 is outside 1..<5 (num_nodes)"))
        #expect(readError(tinyModel(replacing: "\"left_children\":[1,3,", with: "\"left_children\":[1,1,"))
            == .malformed(
                path: "learner.gradient_booster.model.trees[0].left_children[1]",
                reason: "node 1 is reached twice; the tree has a cycle or shared node"))
        #expect(readError(tinyModel(replacing: "\"split_indices\":[0,1,", with: "\"split_indices\":[0,7,"))
            == .malformed(path: "learner.gradient_booster.model.trees[0].split_indices[1]", reason: "feature 7 is outside 0..<2 (num_feature)"))
        #expect(readError(tinyModel(replacing: "\"sum_hessian\":[40,30,10,20,10]", with: "\"sum_hessian\":[40,30,10]"))
            == .malformed(path: "learner.gradient_booster.model.trees[0].sum_hessian", reason: "has 3 entries but left_children has 5"))
        #expect(readError(tinyModel(replacing: "\"num_nodes\":\"5\"", with: "\"num_nodes\":\"4\""))
            == .malformed(path: "learner.gradient_booster.model.trees[0].left_children", reason: "has 5 entries but tree_param.num_nodes is 4"))
        #expect(readError(tinyModel(replacing: "\"[5E-1]\"", with: "\"[1.5E0]\""))
            == .malformed(
                path: "learner.learner_model_param.base_score",
                reason: "1.5 is not a valid base score for binary:logistic (expected 0 < p < 1)"))
        #expect(readError(tinyModel(replacing: "\"split_conditions\":[0.5,", with: "\"split_conditions\":[\"x\","))?
            .description.contains("trees[0].split_conditions[0]") == true)
    }
}

private extension Data {
    func replacingJSON(_ target: String, _ replacement: String) -> Data {
        Data(String(decoding: self, as: UTF8.self).replacingOccurrences(of: target, with: replacement).utf8)
    }
}
