import Testing

// The same store contracts as PostgresStoreTests, against the embedded SQLite default. A contract added in
// Contract/ belongs in both suites.
@Suite("ChurnStore on SQLite")
struct SQLiteStoreTests {
    @Test func migrationsAreIdempotent() async throws { try await SchemaContract.migrationsAreIdempotent(.sqlite) }
    @Test func concurrentOpensMigrateOnce() async throws { try await SchemaContract.concurrentOpensMigrateOnce(.sqlite) }
    @Test func auditLogRefusesUpdateAndDelete() async throws { try await SchemaContract.auditLogRefusesUpdateAndDelete(.sqlite) }

    @Test func upsertAndLookUp() async throws { try await OnlineFeatureContract.upsertAndLookUp(.sqlite) }
    @Test func olderSnapshotNeverOverwritesNewer() async throws { try await OnlineFeatureContract.olderSnapshotNeverOverwritesNewer(.sqlite) }
    @Test func newestWinsWithinOneBatch() async throws { try await OnlineFeatureContract.newestWinsWithinOneBatch(.sqlite) }
    @Test func bulkUpsertPagesThroughEveryCustomer() async throws { try await OnlineFeatureContract.bulkUpsertPagesThroughEveryCustomer(.sqlite) }
    @Test func badInputIsRefusedWithTheField() async throws { try await OnlineFeatureContract.badInputIsRefusedWithTheField(.sqlite) }

    @Test func batchInsertIsIdempotent() async throws { try await PredictionsLogContract.batchInsertIsIdempotent(.sqlite) }
    @Test func recordsReadBackAsWritten() async throws { try await PredictionsLogContract.recordsReadBackAsWritten(.sqlite) }
    @Test func validJSONIsStoredAsGiven() async throws { try await PredictionsLogContract.validJSONIsStoredAsGiven(.sqlite) }
    @Test func onlinePredictionsAreNeverDeduplicated() async throws { try await PredictionsLogContract.onlinePredictionsAreNeverDeduplicated(.sqlite) }
    @Test func latestAndHistoryByCustomer() async throws { try await PredictionsLogContract.latestAndHistoryByCustomer(.sqlite) }
    @Test func invalidRecordsWriteNothing() async throws { try await PredictionsLogContract.invalidRecordsWriteNothing(.sqlite) }

    @Test func promotionArchivesPreviousProductionAndRecordsBoth() async throws { try await ModelRegistryContract.promotionArchivesPreviousProductionAndRecordsBoth(.sqlite) }
    @Test func rollbackRestoresPreviousProduction() async throws { try await ModelRegistryContract.rollbackRestoresPreviousProduction(.sqlite) }
    @Test func shadowAndCanaryRoles() async throws { try await ModelRegistryContract.shadowAndCanaryRoles(.sqlite) }
    @Test func badRequestsAreRefusedClearly() async throws { try await ModelRegistryContract.badRequestsAreRefusedClearly(.sqlite) }
    @Test func concurrentPromotionsLeaveOneProduction() async throws { try await ModelRegistryContract.concurrentPromotionsLeaveOneProduction(.sqlite) }

    @Test func runResumesAndAdvancesWithPredictions() async throws { try await BatchRunContract.runResumesAndAdvancesWithPredictions(.sqlite) }
    @Test func chunksArePlannedOnceAndCoverEveryCustomer() async throws { try await ScoreChunkContract.plansOnceAndCoversEveryCustomer(.sqlite) }
    @Test func chunkLeasesAreExclusiveUntilTheyExpire() async throws { try await ScoreChunkContract.leasesAreExclusiveUntilTheyExpire(.sqlite) }

    @Test func appendsAndReadsInOrder() async throws { try await AuditLogContract.appendsAndReadsInOrder(.sqlite) }
    @Test func rawTablesLoadOnceAndReadOutcomes() async throws { try await RawTableContract.loadsOnceAndReadsOutcomes(.sqlite) }

    @Test func storesAndPagesCandidates() async throws { try await CampaignContract.storesAndPagesCandidates(.sqlite) }
    @Test func badCandidatesWriteNothing() async throws { try await CampaignContract.badCandidatesWriteNothing(.sqlite) }
    @Test func offerHistoryAndActiveCandidates() async throws { try await CampaignContract.offerHistoryAndActiveCandidates(.sqlite) }
    @Test func outcomesAreIdempotentAndChecked() async throws { try await CampaignContract.outcomesAreIdempotentAndChecked(.sqlite) }
    @Test func scoresAndFeaturesForPlanning() async throws { try await CampaignContract.scoresAndFeaturesForPlanning(.sqlite) }

    @Test func monitoringRunsAreAppendedAndTheLatestIsFound() async throws { try await MonitoringRunContract.runsAreAppendedAndTheLatestIsFound(.sqlite) }
    @Test func badMonitoringRunsAreRefusedWithTheField() async throws { try await MonitoringRunContract.badRunsAreRefusedWithTheField(.sqlite) }
    @Test func monitoringWindowIsTheLatestPredictionOfTheModel() async throws { try await MonitoringRunContract.theWindowIsTheLatestPredictionOfTheModelPerCustomer(.sqlite) }

    @Test func outboxEnqueueIsIdempotentPerDestination() async throws { try await OutboxContract.enqueueIsIdempotentPerDestination(.sqlite) }
    @Test func outboxLeasesAreExclusiveUntilTheyExpire() async throws { try await OutboxContract.leasesAreExclusiveUntilTheyExpire(.sqlite) }
    @Test func outboxOutcomesMoveMessagesAlong() async throws { try await OutboxContract.outcomesMoveMessagesAlong(.sqlite) }
    @Test func outboxDeadLettersAreReplayedAndPurgedWithAnAuditLine() async throws { try await OutboxContract.deadLettersAreReplayedAndPurgedWithAnAuditLine(.sqlite) }
    @Test func outboxDestinationsAreDisabledAndEnabled() async throws { try await OutboxContract.destinationsAreDisabledAndEnabled(.sqlite) }
    @Test func campaignMessagesCommitWithTheCandidates() async throws { try await OutboxContract.campaignMessagesCommitWithTheCandidates(.sqlite) }
}
