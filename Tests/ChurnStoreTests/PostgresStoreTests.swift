import ChurnTestSupport
import Testing

// The same store contracts as SQLiteStoreTests, against a real PostgreSQL server the harness starts
// (Tests/ChurnTestSupport/PostgresTestServer.swift). Skipped, saying why, where PostgreSQL is not installed.
@Suite("ChurnStore on PostgreSQL",
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresStoreTests {
    @Test func migrationsAreIdempotent() async throws { try await SchemaContract.migrationsAreIdempotent(.postgres) }
    @Test func concurrentOpensMigrateOnce() async throws { try await SchemaContract.concurrentOpensMigrateOnce(.postgres) }
    @Test func auditLogRefusesUpdateAndDelete() async throws { try await SchemaContract.auditLogRefusesUpdateAndDelete(.postgres) }

    @Test func upsertAndLookUp() async throws { try await OnlineFeatureContract.upsertAndLookUp(.postgres) }
    @Test func olderSnapshotNeverOverwritesNewer() async throws { try await OnlineFeatureContract.olderSnapshotNeverOverwritesNewer(.postgres) }
    @Test func newestWinsWithinOneBatch() async throws { try await OnlineFeatureContract.newestWinsWithinOneBatch(.postgres) }
    @Test func bulkUpsertPagesThroughEveryCustomer() async throws { try await OnlineFeatureContract.bulkUpsertPagesThroughEveryCustomer(.postgres) }
    @Test func badInputIsRefusedWithTheField() async throws { try await OnlineFeatureContract.badInputIsRefusedWithTheField(.postgres) }

    @Test func batchInsertIsIdempotent() async throws { try await PredictionsLogContract.batchInsertIsIdempotent(.postgres) }
    @Test func recordsReadBackAsWritten() async throws { try await PredictionsLogContract.recordsReadBackAsWritten(.postgres) }
    @Test func validJSONIsStoredAsGiven() async throws { try await PredictionsLogContract.validJSONIsStoredAsGiven(.postgres) }
    @Test func onlinePredictionsAreNeverDeduplicated() async throws { try await PredictionsLogContract.onlinePredictionsAreNeverDeduplicated(.postgres) }
    @Test func latestAndHistoryByCustomer() async throws { try await PredictionsLogContract.latestAndHistoryByCustomer(.postgres) }
    @Test func invalidRecordsWriteNothing() async throws { try await PredictionsLogContract.invalidRecordsWriteNothing(.postgres) }

    @Test func promotionArchivesPreviousProductionAndRecordsBoth() async throws { try await ModelRegistryContract.promotionArchivesPreviousProductionAndRecordsBoth(.postgres) }
    @Test func rollbackRestoresPreviousProduction() async throws { try await ModelRegistryContract.rollbackRestoresPreviousProduction(.postgres) }
    @Test func shadowAndCanaryRoles() async throws { try await ModelRegistryContract.shadowAndCanaryRoles(.postgres) }
    @Test func badRequestsAreRefusedClearly() async throws { try await ModelRegistryContract.badRequestsAreRefusedClearly(.postgres) }
    @Test func concurrentPromotionsLeaveOneProduction() async throws { try await ModelRegistryContract.concurrentPromotionsLeaveOneProduction(.postgres) }

    @Test func runResumesAndAdvancesWithPredictions() async throws { try await BatchRunContract.runResumesAndAdvancesWithPredictions(.postgres) }
    @Test func chunksArePlannedOnceAndCoverEveryCustomer() async throws { try await ScoreChunkContract.plansOnceAndCoversEveryCustomer(.postgres) }
    @Test func chunkLeasesAreExclusiveUntilTheyExpire() async throws { try await ScoreChunkContract.leasesAreExclusiveUntilTheyExpire(.postgres) }

    @Test func appendsAndReadsInOrder() async throws { try await AuditLogContract.appendsAndReadsInOrder(.postgres) }
    @Test func rawTablesLoadOnceAndReadOutcomes() async throws { try await RawTableContract.loadsOnceAndReadsOutcomes(.postgres) }

    @Test func storesAndPagesCandidates() async throws { try await CampaignContract.storesAndPagesCandidates(.postgres) }
    @Test func badCandidatesWriteNothing() async throws { try await CampaignContract.badCandidatesWriteNothing(.postgres) }
    @Test func offerHistoryAndActiveCandidates() async throws { try await CampaignContract.offerHistoryAndActiveCandidates(.postgres) }
    @Test func outcomesAreIdempotentAndChecked() async throws { try await CampaignContract.outcomesAreIdempotentAndChecked(.postgres) }
    @Test func scoresAndFeaturesForPlanning() async throws { try await CampaignContract.scoresAndFeaturesForPlanning(.postgres) }

    @Test func monitoringRunsAreAppendedAndTheLatestIsFound() async throws { try await MonitoringRunContract.runsAreAppendedAndTheLatestIsFound(.postgres) }
    @Test func badMonitoringRunsAreRefusedWithTheField() async throws { try await MonitoringRunContract.badRunsAreRefusedWithTheField(.postgres) }
    @Test func monitoringWindowIsTheLatestPredictionOfTheModel() async throws { try await MonitoringRunContract.theWindowIsTheLatestPredictionOfTheModelPerCustomer(.postgres) }

    @Test func outboxEnqueueIsIdempotentPerDestination() async throws { try await OutboxContract.enqueueIsIdempotentPerDestination(.postgres) }
    @Test func outboxLeasesAreExclusiveUntilTheyExpire() async throws { try await OutboxContract.leasesAreExclusiveUntilTheyExpire(.postgres) }
    @Test func outboxOutcomesMoveMessagesAlong() async throws { try await OutboxContract.outcomesMoveMessagesAlong(.postgres) }
    @Test func outboxDeadLettersAreReplayedAndPurgedWithAnAuditLine() async throws { try await OutboxContract.deadLettersAreReplayedAndPurgedWithAnAuditLine(.postgres) }
    @Test func outboxDestinationsAreDisabledAndEnabled() async throws { try await OutboxContract.destinationsAreDisabledAndEnabled(.postgres) }
    @Test func campaignMessagesCommitWithTheCandidates() async throws { try await OutboxContract.campaignMessagesCommitWithTheCandidates(.postgres) }
}
