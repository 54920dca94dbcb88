import Foundation

/// The promotion gate a model must pass to stay a candidate or move towards production: ROC-AUC at
/// least the floor (the spec's 0.88 by default), not more than `maxDrop` below production's, and,
/// when `maxCalibrationError` is set, a calibration error (ECE) no higher than it.
public struct PromotionGate: Sendable, Equatable {
    public var minimumAUC: Double
    public var maxDrop: Double
    public var maxCalibrationError: Double?

    public init(minimumAUC: Double = 0.88, maxDrop: Double = 0.03, maxCalibrationError: Double? = nil) {
        self.minimumAUC = minimumAUC
        self.maxDrop = maxDrop
        self.maxCalibrationError = maxCalibrationError
    }

    /// Nil when the model passes, else the reason it is rejected. `productionAUC` is production's
    /// figure on the same rows when there are such rows (retraining), else its registered one.
    public func rejection(auc: Double, productionAUC: Double?, calibrationError: Double? = nil) -> String? {
        if auc < minimumAUC {
            return String(format: "ROC-AUC %.4f is below the floor %.4f", auc, minimumAUC)
        }
        if let productionAUC, auc < productionAUC - maxDrop {
            return String(format: "ROC-AUC %.4f is more than %.2f below production's %.4f", auc, maxDrop, productionAUC)
        }
        if let maxCalibrationError {
            guard let calibrationError else { return "no calibration error (ECE) is recorded, and the gate needs one" }
            if calibrationError > maxCalibrationError {
                return String(format: "calibration error (ECE) %.4f is above the limit %.4f", calibrationError, maxCalibrationError)
            }
        }
        return nil
    }
}
