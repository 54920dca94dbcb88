import Foundation

/// Pearson's chi-square goodness-of-fit test of current category counts against the counts the
/// reference shares predict for the same number of rows: `scipy.stats.chisquare(f_obs, f_exp)`
/// with `f_exp = reference share × current rows`, which is what Evidently's `chisquare` drift test
/// passes it (not `chi2_contingency`, which would also treat the reference counts as noisy).
///
/// The categories are every value seen on either side. A category the reference never saw expects
/// zero rows: the statistic is infinite and the p-value 0 (scipy's answer too). With fewer than two
/// categories there is nothing to test and the p-value is 1.
public struct ChiSquareTest: Sendable, Equatable {
    public var statistic: Double
    public var degreesOfFreedom: Int
    public var pValue: Double

    public init(observed: [Double], expected: [Double]) {
        precondition(observed.count == expected.count, "observed and expected need the same categories")
        degreesOfFreedom = max(observed.count - 1, 0)
        var sum = 0.0
        for (o, e) in zip(observed, expected) {
            if e == 0 {
                sum += o == 0 ? 0 : .infinity
            } else {
                sum += (o - e) * (o - e) / e
            }
        }
        statistic = sum
        if degreesOfFreedom == 0 {
            pValue = 1
        } else if sum.isInfinite {
            pValue = 0
        } else {
            pValue = IncompleteGamma.upperRegularized(Double(degreesOfFreedom) / 2, sum / 2)
        }
    }
}
