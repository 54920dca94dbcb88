import ChurnStore

/// Records the rows of an outcomes CSV (``OutcomeCSV``) in the store, line by line, the others
/// going in when one is refused: `churnguard campaign outcomes` and the console's upload share it,
/// so both answer alike. Idempotent by `outcome_id`: a file sent again records nothing new.
public struct OutcomeImport: Sendable, Equatable {
    public var recorded = 0
    public var alreadyRecorded = 0
    /// Each refused line, as "line N: field: why".
    public var failures: [String] = []

    public init() {}

    public static func record(_ rows: [Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError>], into store: ChurnStore) async throws -> OutcomeImport {
        var result = OutcomeImport()
        for row in rows {
            switch row {
            case .failure(let error):
                result.failures.append(error.message)
            case .success(let (line, outcome)):
                do {
                    switch try await store.outcomes.record(outcome) {
                    case .recorded: result.recorded += 1
                    case .alreadyRecorded: result.alreadyRecorded += 1
                    }
                } catch let error as StoreError {
                    // An unknown campaign, or an outcome contradicting one recorded: refused, and the line says which.
                    result.failures.append("line \(line): \(error)")
                }
            }
        }
        return result
    }
}
