import ChurnData
import ChurnDecisions
import ChurnDelivery
import ChurnStore
import Foundation
import Logging

/// Runs a program's campaign on its cron schedule: at each firing time it plans the campaign for
/// the latest snapshot date with served scores, unless that campaign (PROGRAM-ASOF) already exists,
/// so a restart or two schedulers never plan the same week twice.
public struct CampaignScheduler: Sendable {
    public let store: ChurnStore
    public let program: RetentionProgram
    public let schedule: CronSchedule
    public var logger = Logger(label: "churnguard.campaigns")
    /// Where planned actions go; nil enqueues nothing.
    public var delivery: DeliveryConfiguration?

    public init(store: ChurnStore, program: RetentionProgram) throws {
        guard let expression = program.schedule else { throw CampaignSchedulerError.noSchedule(program.programID) }
        self.store = store
        self.program = program
        self.schedule = try CronSchedule(expression)
    }

    public enum Firing: Sendable, Equatable {
        case planned(campaignID: String, candidates: Int)
        case alreadyPlanned(campaignID: String)
        case noScores
    }

    /// One firing: plan the campaign for the latest scored day.
    public func fire() async throws -> Firing {
        guard let day = try await store.predictionsLog.latestScoredDay(), let asOf = CalendarDay(day) else { return .noScores }
        do {
            // The run refuses an existing campaign before reading anything, and again when storing
            // (another scheduler may win the race in between).
            var run = CampaignRun(store: store, program: program, asOf: asOf, actor: "scheduler")
            run.delivery = delivery
            let result = try await run.run()
            return .planned(campaignID: result.campaign.campaignID, candidates: result.campaign.candidates)
        } catch StoreError.campaignAlreadyExists(let id) {
            return .alreadyPlanned(campaignID: id)
        }
    }

    /// Fires at every scheduled time until the task is cancelled; a failed firing is logged and the
    /// next one still runs.
    public func run(onFiring: @Sendable (Result<Firing, any Error>) -> Void = { _ in }) async throws {
        while !Task.isCancelled {
            guard let next = schedule.next(after: Date()) else { throw CampaignSchedulerError.neverFires(schedule.expression) }
            logger.info("next campaign run", metadata: ["program": "\(program.programID)", "at": "\(UTCTimestamp.string(next))"])
            try await Task.sleep(for: .seconds(max(0, next.timeIntervalSinceNow)))
            do {
                let firing = try await fire()
                logger.info("campaign run", metadata: ["program": "\(program.programID)", "result": "\(firing)"])
                onFiring(.success(firing))
            } catch {
                logger.error("campaign run failed", metadata: ["program": "\(program.programID)", "error": "\(error)"])
                onFiring(.failure(error))
            }
        }
    }
}

public enum CampaignSchedulerError: Error, Equatable, CustomStringConvertible {
    case noSchedule(String)
    case neverFires(String)

    public var description: String {
        switch self {
        case .noSchedule(let program): "program \(program) has no schedule; add one like schedule: \"0 2 * * MON\""
        case .neverFires(let expression): "schedule \"\(expression)\" never fires"
        }
    }
}
