/// One versioned step of the store's schema. Steps are applied in version order, each exactly once per
/// database, and never edited after release: a change to the schema is a new step.
struct SchemaMigration: Sendable {
    let version: Int
    let name: String
    /// The statements for the given engine, run in one transaction with the bookkeeping row.
    let statements: @Sendable (SQLDialectKind) -> [String]

    /// Every step this build knows, oldest first.
    static let all: [SchemaMigration] = [.initialSchema, .campaigns, .scoreChunks, .rawTables, .onlinePredictionIndexes, .monitoringRuns, .outbox, .jobRuns, .tierSync, .console, .erasedCustomers, .rawTableCustomerIndexes, .dataKeys, .partitionedPredictionsLog, .sealedCampaignData]
}
