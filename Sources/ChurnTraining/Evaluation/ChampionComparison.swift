import ChurnData
import ChurnModel
import Foundation

/// The production model (champion) and a freshly trained challenger scored on the challenger's test
/// rows, the newest labelled window of the feature table: `retrain` compares them there, because the
/// champion's registered figures come from older data.
public struct ChampionComparison: Sendable {
    public var window: String
    public var rows: Int
    public var positives: Int
    public var champion: BinaryClassificationReport
    public var challenger: BinaryClassificationReport
    /// True when the champion was trained or calibrated on part of the window: its figure is then
    /// flattering, and the comparison says so.
    public var championSawWindow: Bool

    /// `table` is the one the challenger was trained on; it is read again from its file only when
    /// the champion's schema differs. Nil for flat tables (no snapshot dates to call newest).
    public static func evaluate(champion: ModelBundle, challenger: ModelBundle, table: EncodedFeatureTable) throws -> ChampionComparison? {
        guard let first = challenger.manifest.training?.testDates.compactMap(CalendarDay.init).map(\.daysSinceEpoch).min() else { return nil }
        let selection = BundleEvaluator.RowSelection.from(day: first)
        let challengerResult = try BundleEvaluator.evaluate(bundle: challenger, table: table, selection: selection)
        let championTable: EncodedFeatureTable
        do {
            championTable = champion.manifest.featureSchema == table.schema
                ? table : try EncodedFeatureTable.load(path: table.path, schema: champion.manifest.featureSchema)
        } catch {
            throw ChampionComparisonError.championCannotRead(version: champion.version, reason: "\(error)")
        }
        let championResult = try BundleEvaluator.evaluate(bundle: champion, table: championTable, selection: selection)
        let seen = ((champion.manifest.training?.validationDates ?? []) + [champion.manifest.training?.windowEnd].compactMap { $0 })
            .compactMap(CalendarDay.init).map(\.daysSinceEpoch)
        return ChampionComparison(
            window: challengerResult.dataset, rows: challengerResult.rows, positives: challengerResult.positives,
            champion: championResult.calibrated, challenger: challengerResult.calibrated,
            championSawWindow: seen.contains { $0 >= first })
    }
}

public enum ChampionComparisonError: Error, CustomStringConvertible {
    case championCannotRead(version: String, reason: String)

    public var description: String {
        switch self {
        case .championCannotRead(let version, let reason):
            return "production model \(version) cannot score this feature table (its schema differs): \(reason)"
        }
    }
}
