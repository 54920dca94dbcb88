import ChurnModel
import Foundation
import Testing
@testable import ChurnMonitoring

/// Every drift statistic against scipy on identical data, to 1e-6. The expected values were computed
/// once by `Benchmarks/python/drift_parity.py` (its docstring says how to regenerate and check them),
/// so this test needs no Python.
@Suite struct DriftParityTests {
    static let tolerance = 1e-6
    let fixture: ParityFixture

    init() throws {
        fixture = try ParityFixture.load()
    }

    @Test func kolmogorovSmirnovMatchesKS2SampAuto() {
        for test in fixture.numeric {
            let ks = KolmogorovSmirnovTest(test.reference.draw(), test.current.draw())
            #expect(ks.method.rawValue == test.ks_method, "\(test.name)")
            #expect(abs(ks.statistic - test.ks_statistic) <= Self.tolerance, "\(test.name): D \(ks.statistic) vs scipy \(test.ks_statistic)")
            #expect(abs(ks.pValue - test.ks_pvalue) <= Self.tolerance, "\(test.name): p \(ks.pValue) vs scipy \(test.ks_pvalue)")
        }
    }

    @Test func kolmogorovDistributionMatchesKSTwoSF() {
        for point in fixture.kstwo_sf {
            let sf = KolmogorovDistribution.survival(n: point.n, x: point.x)
            #expect(abs(sf - point.sf) <= Self.tolerance, "kstwo.sf(\(point.x), \(point.n)): \(sf) vs scipy \(point.sf)")
        }
    }

    @Test func wassersteinMatchesScipyAndEvidentlysNorm() {
        for test in fixture.numeric {
            let reference = test.reference.draw().sorted(), current = test.current.draw().sorted()
            let distance = WassersteinDistance.distance(sortedFirst: reference, sortedSecond: current)
            #expect(abs(distance - test.wasserstein) <= Self.tolerance, "\(test.name): \(distance) vs scipy \(test.wasserstein)")
            let normed = WassersteinDistance.normed(sortedReference: reference, sortedCurrent: current)
            #expect(abs(normed - test.wasserstein_normed) <= Self.tolerance, "\(test.name): \(normed) vs \(test.wasserstein_normed)")
        }
    }

    @Test func psiAndBinnedJensenShannonUseTheBundlesDecileBins() {
        #expect(PopulationStabilityIndex.emptyBinShare == fixture.psi_empty_bin_share)
        for test in fixture.numeric {
            let referenceValues = test.reference.draw()
            let reference = ReferenceDistribution.numeric(feature: "x", values: referenceValues)
            #expect(reference.binEdges == test.psi_edges, "\(test.name): the bundle's edges differ from the script's")
            let current = PopulationStabilityIndex.binShares(of: test.current.draw(), edges: reference.binEdges)
            let psi = PopulationStabilityIndex.value(reference: reference.shares, current: current)
            #expect(abs(psi - test.psi) <= Self.tolerance, "\(test.name): PSI \(psi) vs \(test.psi)")
            let js = JensenShannonDistance.distance(reference.shares, current)
            #expect(abs(js - test.jensenshannon_binned) <= Self.tolerance, "\(test.name): JS \(js) vs \(test.jensenshannon_binned)")
        }
    }

    @Test func chiSquareJensenShannonAndPSIOverCategoriesMatchScipy() {
        for test in fixture.categorical {
            let referenceValues = test.reference.draw().map { String(Int($0)) }
            let currentValues = test.current.draw().map { String(Int($0)) }
            let reference = ReferenceDistribution.categorical(feature: "c", values: referenceValues)
            let drift = FeatureDriftDetector().measure(reference: reference, kind: "categorical", current: .categories(currentValues))
            // 500–900 reference rows: the detector picks chi-square, as Evidently does.
            #expect(drift.method == .chiSquare)
            #expect(abs(drift.value - test.chisquare_pvalue) <= Self.tolerance, "\(test.name): p \(drift.value) vs \(test.chisquare_pvalue)")
            if let expected = test.chisquare_statistic {
                let statistic = drift.statistic ?? .nan
                #expect(abs(statistic - expected) <= Self.tolerance * max(1, expected), "\(test.name): \(statistic) vs \(expected)")
            } else {
                #expect(drift.statistic == nil, "\(test.name): scipy's statistic is infinite")
            }
            #expect(abs((drift.psi ?? .nan) - test.psi) <= Self.tolerance, "\(test.name): PSI \(drift.psi ?? .nan) vs \(test.psi)")

            var large = FeatureDriftDetector()
            large.configuration.smallReferenceRows = 0
            let js = large.measure(reference: reference, kind: "categorical", current: .categories(currentValues))
            #expect(js.method == .jensenShannon)
            #expect(abs(js.value - test.jensenshannon) <= Self.tolerance, "\(test.name): JS \(js.value) vs \(test.jensenshannon)")
        }
    }

    @Test func chiSquareSurvivalMatchesScipy() {
        for point in fixture.chi2_sf {
            let sf = IncompleteGamma.upperRegularized(Double(point.df) / 2, point.x / 2)
            #expect(abs(sf - point.sf) <= Self.tolerance, "chi2.sf(\(point.x), \(point.df)): \(sf) vs \(point.sf)")
        }
    }
}
