import Foundation

/// The subset of XGBoost's JSON model schema (`doc/model.schema` in XGBoost) that scoring reads.
/// Field names follow the file; ``XGBoostJSONModel`` validates and converts it.
struct XGBoostJSONDocument: Decodable {
    var version: [Int]?
    var learner: Learner

    struct Learner: Decodable {
        var featureNames: [String]?
        var featureTypes: [String]?
        var gradientBooster: GradientBooster
        var learnerModelParam: LearnerModelParam
        var objective: Objective

        enum CodingKeys: String, CodingKey {
            case featureNames = "feature_names", featureTypes = "feature_types"
            case gradientBooster = "gradient_booster", learnerModelParam = "learner_model_param"
            case objective
        }
    }

    struct LearnerModelParam: Decodable {
        var baseScore: String
        var numClass: String?
        var numFeature: String
        var numTarget: String?

        enum CodingKeys: String, CodingKey {
            case baseScore = "base_score", numClass = "num_class", numFeature = "num_feature"
            case numTarget = "num_target"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Writers other than XGBoost sometimes store base_score as a bare number.
            if let number = try? container.decode(Float.self, forKey: .baseScore) {
                baseScore = "\(number)"
            } else {
                baseScore = try container.decode(String.self, forKey: .baseScore)
            }
            numClass = try container.decodeIfPresent(String.self, forKey: .numClass)
            numFeature = try container.decode(String.self, forKey: .numFeature)
            numTarget = try container.decodeIfPresent(String.self, forKey: .numTarget)
        }
    }

    struct Objective: Decodable {
        var name: String
    }

    /// Only `gbtree` carries `model`; `dart` nests it under `gbtree` and `gblinear` has weights,
    /// so `model` is optional and the booster name decides.
    struct GradientBooster: Decodable {
        var name: String
        var model: GBTreeModel?

        enum CodingKeys: String, CodingKey { case name, model }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            model = name == "gbtree" ? try container.decode(GBTreeModel.self, forKey: .model) : nil
        }
    }

    struct GBTreeModel: Decodable {
        var gbtreeModelParam: GBTreeModelParam?
        var treeInfo: [Int]?
        var trees: [Tree]

        enum CodingKeys: String, CodingKey {
            case gbtreeModelParam = "gbtree_model_param", treeInfo = "tree_info", trees
        }
    }

    struct GBTreeModelParam: Decodable {
        var numTrees: String?
        enum CodingKeys: String, CodingKey { case numTrees = "num_trees" }
    }

    struct TreeParam: Decodable {
        var numNodes: String
        var sizeLeafVector: String?
        enum CodingKeys: String, CodingKey {
            case numNodes = "num_nodes", sizeLeafVector = "size_leaf_vector"
        }
    }

    struct Tree: Decodable {
        var leftChildren: [Int32]
        var rightChildren: [Int32]
        var splitIndices: [Int32]
        var splitConditions: [Float]
        var defaultLeft: [Bool]
        var sumHessian: [Float]
        var splitType: [Int]?
        var treeParam: TreeParam

        enum CodingKeys: String, CodingKey {
            case leftChildren = "left_children", rightChildren = "right_children"
            case splitIndices = "split_indices", splitConditions = "split_conditions"
            case defaultLeft = "default_left", sumHessian = "sum_hessian", splitType = "split_type"
            case treeParam = "tree_param"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            leftChildren = try container.decode([Int32].self, forKey: .leftChildren)
            rightChildren = try container.decode([Int32].self, forKey: .rightChildren)
            splitIndices = try container.decode([Int32].self, forKey: .splitIndices)
            splitConditions = try container.decode([Float].self, forKey: .splitConditions)
            // 1.x wrote 0/1 integers; some writers use booleans.
            if let flags = try? container.decode([Bool].self, forKey: .defaultLeft) {
                defaultLeft = flags
            } else {
                defaultLeft = try container.decode([Int].self, forKey: .defaultLeft).map { $0 != 0 }
            }
            sumHessian = try container.decode([Float].self, forKey: .sumHessian)
            splitType = try container.decodeIfPresent([Int].self, forKey: .splitType)
            treeParam = try container.decode(TreeParam.self, forKey: .treeParam)
        }

        func decisionTree(index: Int, featureCount: Int, path: String) throws(XGBoostModelError) -> DecisionTree {
            guard let nodeCount = Int(treeParam.numNodes), nodeCount > 0 else {
                throw .malformed(path: "\(path).tree_param.num_nodes", reason: "expected a positive integer, found \"\(treeParam.numNodes)\"")
            }
            guard leftChildren.count == nodeCount else {
                throw .malformed(
                    path: "\(path).left_children",
                    reason: "has \(leftChildren.count) entries but tree_param.num_nodes is \(nodeCount)")
            }
            if let size = treeParam.sizeLeafVector, let width = Int(size), width > 1 {
                throw .multipleOutputs(path: "\(path).tree_param.size_leaf_vector", count: width)
            }
            if let splitType {
                guard splitType.count == nodeCount else {
                    throw .malformed(path: "\(path).split_type", reason: "has \(splitType.count) entries but num_nodes is \(nodeCount)")
                }
                if let node = splitType.indices.first(where: { splitType[$0] != 0 && leftChildren[$0] != -1 }) {
                    throw .categoricalSplit(tree: index, node: node)
                }
            }
            let tree = DecisionTree(
                leftChildren: leftChildren, rightChildren: rightChildren, splitIndices: splitIndices,
                splitConditions: splitConditions, defaultLeft: defaultLeft, sumHessian: sumHessian)
            try tree.validate(featureCount: featureCount, path: path)
            return tree
        }
    }
}
