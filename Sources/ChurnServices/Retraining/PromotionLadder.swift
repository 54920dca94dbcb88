import ChurnModel
import ChurnStore
import Foundation

/// The walk of a retrained challenger to production: candidate → shadow → canary → production, each
/// step behind a gate of the policy. A candidate must pass the metric gate (floor, drop against the
/// champion on the same rows, calibration error); a shadow and a canary must have logged
/// `shadow_days` / `canary_days` scoring days in that role, and, once their logged scores have
/// matured outcomes, must not rank them more than `max_auc_drop` worse than production did.
public struct PromotionLadder: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// The gate passes: the version may move to `stage`; `evidence` says why.
        case ready(stage: ModelStage, evidence: String)
        /// Not yet (too few scoring days in its role); nothing is wrong.
        case waiting(String)
        /// The gate fails: the version is worse than production, or cannot advance from where it is.
        case failed(String)
    }

    public var policy: RetrainingPolicy

    public init(policy: RetrainingPolicy) {
        self.policy = policy
    }

    /// Whether a version in `stage` is a challenger still on its way to production.
    public static func isOnItsWay(_ stage: ModelStage) -> Bool {
        stage == .candidate || stage == .shadow || stage == .canary
    }

    public func verdict(for record: ModelVersionRecord, in store: ChurnStore) async throws -> Verdict {
        let production = try await store.modelRegistry.production()
        guard let production, production.version != record.version else {
            if record.stage == .production { return .failed("\(record.version) is already production") }
            guard record.stage == .candidate else { return .failed("\(record.version) is \(record.stage.rawValue); only a candidate, shadow or canary can advance") }
            // The first model: nothing to shadow or compare against.
            return gateVerdict(record, championAUC: nil, next: .production, note: "there is no production model yet")
        }
        switch record.stage {
        case .candidate:
            let productionAUC = try RegistryMetrics.decode(production.metricsJSON).rocAUC
            return gateVerdict(record, championAUC: productionAUC, next: .shadow, note: nil)
        case .shadow:
            return try await servedVerdict(record, production: production, role: .shadow, days: policy.shadowDays, next: .canary, in: store)
        case .canary:
            return try await servedVerdict(record, production: production, role: .canary, days: policy.canaryDays, next: .production, in: store)
        default:
            return .failed("\(record.version) is \(record.stage.rawValue); only a candidate, shadow or canary can advance")
        }
    }

    /// Takes the next step when its gate passes; otherwise throws ``PromotionRefusal`` with the reason.
    /// The registry records the move (stage history and audit log) with `actor` and the evidence.
    @discardableResult
    public func advance(_ version: String, in store: ChurnStore, actor: String, reason: String? = nil) async throws -> (record: ModelVersionRecord, evidence: String) {
        guard let record = try await store.modelRegistry.version(version) else { throw StoreError.modelVersionNotFound(version) }
        switch try await verdict(for: record, in: store) {
        case .ready(let stage, let evidence):
            let why = (reason.map { "\($0); " } ?? "") + "gate passed: " + evidence
            let moved = try await store.modelRegistry.setStage(
                version, to: stage, actor: actor, reason: why, canaryShare: stage == .canary ? policy.canaryShare : nil)
            return (moved, evidence)
        case .waiting(let why):
            throw PromotionRefusal.waiting(version: version, reason: why)
        case .failed(let why):
            throw PromotionRefusal.failed(version: version, reason: why)
        }
    }

    /// The metric gate of a candidate. The champion's figure on the candidate's own test rows, when
    /// `retrain` measured it, is fairer than production's registered one (older data).
    private func gateVerdict(_ record: ModelVersionRecord, championAUC: Double?, next: ModelStage, note: String?) -> Verdict {
        let metrics: RegistryMetrics
        do {
            metrics = try RegistryMetrics.decode(record.metricsJSON)
        } catch {
            return .failed("\(error)")
        }
        guard let auc = metrics.rocAUC else { return .failed("\(record.version) has no recorded ROC-AUC to gate on") }
        let compared = metrics.championROCAUC ?? championAUC
        if let rejection = policy.gate.rejection(auc: auc, productionAUC: compared, calibrationError: metrics.expectedCalibrationError) {
            return .failed(rejection)
        }
        var evidence = String(format: "ROC-AUC %.4f (floor %.2f)", auc, policy.gate.minimumAUC)
        if let compared {
            evidence += String(format: ", production %.4f %@", compared, metrics.championROCAUC != nil ? "on the same rows" : "as registered")
        }
        if let ece = metrics.expectedCalibrationError { evidence += String(format: ", ECE %.4f", ece) }
        if let note { evidence += "; \(note)" }
        return .ready(stage: next, evidence: evidence)
    }

    /// A shadow's or canary's gate: enough scoring days in its role, and no worse on matured outcomes.
    private func servedVerdict(
        _ record: ModelVersionRecord, production: ModelVersionRecord, role: ServedBy, days needed: Int, next: ModelStage, in store: ChurnStore
    ) async throws -> Verdict {
        let days = try await store.predictionsLog.scoringDays(modelVersion: record.version, servedBy: role)
        guard days.count >= needed else {
            return .waiting("\(record.version) has logged \(days.count) of the \(needed) scoring days it needs as \(role.rawValue)")
        }
        let evidence = "\(days.count) scoring days as \(role.rawValue)" + (days.last.map { " (last \($0))" } ?? "")
        let comparison: OutcomeComparison
        do {
            comparison = try await OutcomeComparison.build(
                store: store, versions: (production.version, record.version), horizon: policy.outcomeHorizonDays)
        } catch is OutcomeComparisonError {
            return .ready(stage: next, evidence: evidence + "; no matured outcomes to compare yet")
        }
        guard comparison.positives > 0, comparison.positives < comparison.rows else {
            return .ready(stage: next, evidence: evidence + "; outcomes of \(comparison.rows) scores hold only one class")
        }
        let productionAUC = RankingMetrics.rocAUC(scores: comparison.scores.0, labels: comparison.labels)
        let challengerAUC = RankingMetrics.rocAUC(scores: comparison.scores.1, labels: comparison.labels)
        let figures = String(
            format: "on %d matured outcomes (%d churned) ROC-AUC %.4f vs production's %.4f",
            comparison.rows, comparison.positives, challengerAUC, productionAUC)
        if challengerAUC < productionAUC - policy.gate.maxDrop {
            return .failed(figures + String(format: ", more than %.2f below", policy.gate.maxDrop))
        }
        return .ready(stage: next, evidence: evidence + "; " + figures)
    }
}

/// Why a challenger did not advance: not yet (`waiting`), or its gate failed.
public enum PromotionRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case waiting(version: String, reason: String)
    case failed(version: String, reason: String)

    public var description: String {
        switch self {
        case .waiting(let version, let reason): return "\(version) cannot advance yet: \(reason)"
        case .failed(let version, let reason): return "\(version) did not pass its gate: \(reason)"
        }
    }
}
