import Foundation

/// The promotion gate a newly trained model must pass to stay a candidate: ROC-AUC at least the
/// floor (the spec's 0.88 by default) and not more than `maxDrop` below the production model's.
public struct PromotionGate: Sendable {
    public var minimumAUC: Double
    public var maxDrop: Double

    public init(minimumAUC: Double = 0.88, maxDrop: Double = 0.03) {
        self.minimumAUC = minimumAUC
        self.maxDrop = maxDrop
    }

    /// Nil when the model passes, else the reason it is rejected.
    public func rejection(auc: Double, productionAUC: Double?) -> String? {
        if auc < minimumAUC {
            return String(format: "ROC-AUC %.4f is below the floor %.4f", auc, minimumAUC)
        }
        if let productionAUC, auc < productionAUC - maxDrop {
            return String(format: "ROC-AUC %.4f is more than %.2f below production's %.4f", auc, maxDrop, productionAUC)
        }
        return nil
    }
}
