import Foundation
import Testing
@testable import ChurnModel

@Suite struct TreeEnsembleTests {
    /// x0 < 0.5 ? (x1 < 2 ? 0.25 : -0.5) : 1.0, missing x0 goes right, missing x1 goes left;
    /// a second tree adds a constant 0.125. base_score 0.5 gives a zero base margin.
    static let tinyModelJSON = """
    {"version":[3,0,0],"learner":{
      "feature_names":["tenure","tickets"],"feature_types":["float","int"],
      "objective":{"name":"binary:logistic"},
      "learner_model_param":{"base_score":"[5E-1]","num_class":"0","num_feature":"2","num_target":"1"},
      "gradient_booster":{"name":"gbtree","model":{
        "gbtree_model_param":{"num_parallel_tree":"1","num_trees":"2"},"tree_info":[0,0],
        "trees":[
          {"id":0,"left_children":[1,3,-1,-1,-1],"right_children":[2,4,-1,-1,-1],
           "split_indices":[0,1,0,0,0],"split_conditions":[0.5,2,1.0,0.25,-0.5],
           "default_left":[false,true,false,false,false],"sum_hessian":[40,30,10,20,10],
           "split_type":[0,0,0,0,0],"base_weights":[0,0,0,0,0],
           "tree_param":{"num_deleted":"0","num_feature":"2","num_nodes":"5","size_leaf_vector":"1"}},
          {"id":1,"left_children":[-1],"right_children":[-1],"split_indices":[0],
           "split_conditions":[0.125],"default_left":[0],"sum_hessian":[40],"split_type":[0],
           "base_weights":[0],"tree_param":{"num_deleted":"0","num_feature":"2","num_nodes":"1","size_leaf_vector":"1"}}
        ]}}}}
    """

    static func tiny() throws -> TreeEnsemble {
        try TreeEnsemble(xgboostJSON: Data(tinyModelJSON.utf8))
    }

    @Test func handBuiltTreeScoresExactly() throws {
        let ensemble = try Self.tiny()
        #expect(ensemble.treeCount == 2)
        #expect(ensemble.featureNames == ["tenure", "tickets"])
        #expect(ensemble.baseMargin == 0)
        #expect(try ensemble.margin(row: [0, 1]) == 0.375)
        #expect(try ensemble.margin(row: [0, 3]) == -0.375)
        #expect(try ensemble.margin(row: [0.75, 1]) == 1.125)
        #expect(try ensemble.probability(row: [0.75, 1]) == 1 / (Foundation.exp(Float(-1.125)) + 1))
    }

    @Test func valueOnTheThresholdGoesRight() throws {
        let ensemble = try Self.tiny()
        #expect(try ensemble.margin(row: [0.5, 1]) == 1.125)
        #expect(try ensemble.margin(row: [0.4999999, 2]) == -0.375)
        #expect(try ensemble.margin(row: [-Float.infinity, -Float.infinity]) == 0.375)
    }

    @Test func missingValuesFollowTheDefaultDirection() throws {
        let ensemble = try Self.tiny()
        #expect(try ensemble.margin(row: [.nan, 1]) == 1.125)  // x0 defaults right
        #expect(try ensemble.margin(row: [0, .nan]) == 0.375)  // x1 defaults left
    }

    @Test func batchWalkOfAnUnbalancedTreeStopsAtShallowLeaves() throws {
        // The batch path walks every tree for its full depth; rows ending on the depth-1 leaf
        // must stay there.
        let ensemble = try Self.tiny()
        let rows: [[Float]] = [[0, 1], [0, 3], [0.75, 1], [.nan, .nan], [0.5, 2], [0, .nan], [9, 9], [-1, 2], [0.2, 1]]
        let margins = try ensemble.margins(matrix: rows.flatMap { $0 }, rowCount: rows.count)
        #expect(margins == [0.375, -0.375, 1.125, 1.125, 1.125, 0.375, 1.125, -0.375, 0.375])
        for (index, row) in rows.enumerated() { #expect(try ensemble.margin(row: row) == margins[index]) }
    }

    @Test func wrongRowWidthIsATypedError() throws {
        let ensemble = try Self.tiny()
        #expect(throws: EnsembleInputError.rowWidth(expected: 2, actual: 3)) { try ensemble.margin(row: [1, 2, 3]) }
        #expect(throws: EnsembleInputError.bufferSize(name: "matrix", expected: 4, actual: 3)) {
            try ensemble.margins(matrix: [1, 2, 3], rowCount: 2)
        }
        var output = [Float](repeating: 0, count: 1)
        #expect(throws: EnsembleInputError.bufferSize(name: "output", expected: 2, actual: 1)) {
            try [Float](repeating: 0, count: 4).withUnsafeBufferPointer { matrix in
                try output.withUnsafeMutableBufferPointer { out in
                    try ensemble.margins(matrix: matrix, rowCount: 2, into: out)
                }
            }
        }
    }

    @Test(arguments: XGBoostReference.names)
    func marginsAndProbabilitiesMatchLibXGBoost(name: String) throws {
        let (ensemble, reference) = try XGBoostReference.load(name)
        #expect(ensemble.featureCount == reference.width)
        #expect(ensemble.objective.rawValue == reference.objective)
        let margins = try ensemble.margins(matrix: reference.matrix, rowCount: reference.rows.count)
        let probabilities = try ensemble.probabilities(matrix: reference.matrix, rowCount: reference.rows.count)
        var worstMargin: Float = 0, worstProbability: Float = 0
        for row in reference.rows.indices {
            worstMargin = max(worstMargin, abs(margins[row] - reference.margin[row]))
            worstProbability = max(worstProbability, abs(probabilities[row] - reference.probability[row]))
            #expect(try ensemble.margin(row: reference.row(row)) == margins[row])
            #expect(try ensemble.probability(row: reference.row(row)) == probabilities[row])
        }
        // Margins are pure Float additions in XGBoost's order, so they agree bit for bit; the
        // probability also goes through the platform's expf.
        #expect(worstMargin == 0, "worst margin difference \(worstMargin)")
        #expect(worstProbability <= 1e-6, "worst probability difference \(worstProbability)")
    }

    @Test func batchIntoBufferMatchesSingleRows() throws {
        let (ensemble, reference) = try XGBoostReference.load("xgb3_binary")
        // More rows than one block, and a count that is not a multiple of it.
        let rowCount = 150
        let matrix = Array(reference.matrix.prefix(rowCount * reference.width))
        var output = [Float](repeating: -1, count: rowCount + 3)
        try matrix.withUnsafeBufferPointer { matrix in
            try output.withUnsafeMutableBufferPointer { out in
                try ensemble.probabilities(matrix: matrix, rowCount: rowCount, into: out)
            }
        }
        for row in 0..<rowCount { #expect(output[row] == (try ensemble.probability(row: reference.row(row)))) }
        #expect(output[rowCount...].allSatisfy { $0 == -1 })
        #expect(try ensemble.margins(matrix: [], rowCount: 0) == [])
    }

    @Test func sigmoidClampsLikeXGBoost() {
        #expect(ModelObjective.sigmoid(0) == 0.5)
        #expect(ModelObjective.sigmoid(-1000) > 0)
        #expect(ModelObjective.sigmoid(-1000) < 1e-37)
        #expect(ModelObjective.sigmoid(1000) == 1)
    }
}
