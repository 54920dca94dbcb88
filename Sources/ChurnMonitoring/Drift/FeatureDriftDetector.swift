import ChurnModel

/// Measures one column against its ``ReferenceDistribution`` with the method Evidently would pick
/// for it (see ``DriftConfiguration``), plus PSI and the missing share.
///
/// Numeric columns need the reference's value sample for KS and Wasserstein; a bundle without one
/// (written before samples existed) is measured with Jensen–Shannon over its decile bins instead,
/// and the row says so. Boolean columns are categories (0 and 1) when the sample exists.
public struct FeatureDriftDetector: Sendable {
    public var configuration: DriftConfiguration

    public init(configuration: DriftConfiguration = DriftConfiguration()) {
        self.configuration = configuration
    }

    /// `kind` is the schema's kind (`numeric`, `categorical`, `boolean`) or `score`.
    public func measure(reference: ReferenceDistribution, kind: String, current: CurrentColumn) -> FeatureDrift {
        switch current {
        case .categories(let values):
            var counts: [String: Int] = [:]
            var missing = 0
            for value in values {
                if let value { counts[value, default: 0] += 1 } else { missing += 1 }
            }
            let referenceShares = Dictionary(uniqueKeysWithValues: zip(reference.categories ?? [], reference.shares))
            return categorical(
                reference: reference, kind: kind, referenceShares: referenceShares, counts: counts,
                missing: missing, rows: values.count, note: nil)
        case .numbers(let values):
            let present = values.filter { !$0.isNaN }
            if kind == "boolean", let sample = reference.sample, !sample.isEmpty {
                var sampleCounts: [String: Int] = [:]
                for value in sample { sampleCounts[FeatureValue.format(value), default: 0] += 1 }
                let shares = sampleCounts.mapValues { Double($0) / Double(sample.count) }
                var counts: [String: Int] = [:]
                for value in present { counts[FeatureValue.format(value), default: 0] += 1 }
                return categorical(
                    reference: reference, kind: kind, referenceShares: shares, counts: counts,
                    missing: values.count - present.count, rows: values.count, note: nil)
            }
            return numeric(reference: reference, kind: kind, present: present, rows: values.count)
        }
    }

    private func numeric(reference: ReferenceDistribution, kind: String, present: [Double], rows: Int) -> FeatureDrift {
        let currentMissing = rows == 0 ? 0 : Double(rows - present.count) / Double(rows)
        var psi: Double?
        if !reference.shares.isEmpty, !present.isEmpty {
            psi = PopulationStabilityIndex.value(
                reference: reference.shares, current: PopulationStabilityIndex.binShares(of: present, edges: reference.binEdges))
        }
        let method: DriftMethod
        var value: Double, statistic: Double?, note: String?
        if present.isEmpty || (reference.sample?.isEmpty ?? reference.shares.isEmpty) {
            method = reference.count <= configuration.smallReferenceRows ? .kolmogorovSmirnov : .wasserstein
            value = method.isPValue ? 1 : 0
            note = present.isEmpty ? "no current values" : "no reference values"
        } else if let sample = reference.sample {
            let sortedReference = sample.sorted()
            let sortedCurrent = present.sorted()
            if reference.count <= configuration.smallReferenceRows {
                let test = KolmogorovSmirnovTest(sortedReference, sortedCurrent, sorted: true)
                method = .kolmogorovSmirnov
                value = test.pValue
                statistic = test.statistic
            } else {
                method = .wasserstein
                value = WassersteinDistance.normed(sortedReference: sortedReference, sortedCurrent: sortedCurrent)
            }
        } else {
            method = .binnedJensenShannon
            value = JensenShannonDistance.distance(
                reference.shares, PopulationStabilityIndex.binShares(of: present, edges: reference.binEdges))
            note = "bundle has no reference sample: Jensen–Shannon over its decile bins"
        }
        return row(reference: reference, kind: kind, method: method, value: value, statistic: statistic, psi: psi,
                   currentMissing: currentMissing, currentRows: rows, note: note)
    }

    private func categorical(
        reference: ReferenceDistribution, kind: String, referenceShares: [String: Double], counts: [String: Int],
        missing: Int, rows: Int, note: String?
    ) -> FeatureDrift {
        let keys = Set(referenceShares.keys).union(counts.keys).sorted()
        let present = rows - missing
        let currentMissing = rows == 0 ? 0 : Double(missing) / Double(rows)
        let referenceVector = keys.map { referenceShares[$0] ?? 0 }
        let currentVector = keys.map { present == 0 ? 0 : Double(counts[$0] ?? 0) / Double(present) }
        let method: DriftMethod
        var value: Double, statistic: Double?, psi: Double?, rowNote = note
        if present == 0 || referenceShares.isEmpty {
            method = reference.count <= configuration.smallReferenceRows ? .chiSquare : .jensenShannon
            value = method.isPValue ? 1 : 0
            rowNote = present == 0 ? "no current values" : "no reference values"
        } else {
            psi = PopulationStabilityIndex.value(reference: referenceVector, current: currentVector)
            if reference.count <= configuration.smallReferenceRows {
                let test = ChiSquareTest(
                    observed: keys.map { Double(counts[$0] ?? 0) }, expected: referenceVector.map { $0 * Double(present) })
                method = .chiSquare
                value = test.pValue
                statistic = test.statistic.isFinite ? test.statistic : nil
            } else {
                method = .jensenShannon
                value = JensenShannonDistance.distance(referenceVector, currentVector)
            }
        }
        return row(reference: reference, kind: kind, method: method, value: value, statistic: statistic, psi: psi,
                   currentMissing: currentMissing, currentRows: rows, note: rowNote)
    }

    private func row(
        reference: ReferenceDistribution, kind: String, method: DriftMethod, value: Double, statistic: Double?, psi: Double?,
        currentMissing: Double, currentRows: Int, note: String?
    ) -> FeatureDrift {
        let threshold: Double
        let drifted: Bool
        switch method {
        case .kolmogorovSmirnov, .chiSquare:
            threshold = configuration.pValueThreshold
            drifted = value < threshold
        case .wasserstein:
            threshold = configuration.wassersteinThreshold
            drifted = value >= threshold
        case .jensenShannon, .binnedJensenShannon:
            threshold = configuration.jensenShannonThreshold
            drifted = value >= threshold
        }
        let psiStatus = psi.map { $0 >= configuration.psiAlert ? DriftStatus.alert : $0 >= configuration.psiWarn ? .warn : .ok }
        let missingIncreased = currentMissing - reference.missingShare >= configuration.missingShareIncrease
        let status: DriftStatus = drifted ? .alert : (psiStatus ?? .ok) > .ok || missingIncreased ? .warn : .ok
        return FeatureDrift(
            feature: reference.feature, kind: kind, method: method, value: value, threshold: threshold, drifted: drifted,
            statistic: statistic, psi: psi, psiStatus: psiStatus, referenceMissingShare: reference.missingShare,
            currentMissingShare: currentMissing, missingIncreased: missingIncreased, referenceRows: reference.count,
            currentRows: currentRows, status: status, note: note)
    }
}
