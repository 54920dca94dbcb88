import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `POST /console/campaigns/outcomes` (operator, admin): an outcomes CSV uploaded from the campaigns
/// page, read and recorded by the same services as `churnguard campaign outcomes` (``OutcomeCSV``,
/// ``OutcomeImport``) with the signed-in subject as `recorded_by`. Good lines are recorded, each
/// refused one is listed with its line number; a file sent again records nothing new.
struct OutcomeUpload: Sendable {
    let page: CampaignsPage
    /// The refused lines shown; the rest are counted.
    static let maxListedFailures = 20

    struct Report {
        let summary: String
        let failures: [String]
        let hasFailures: Bool
        let more: String?
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.post("campaigns/outcomes") { _, context in
            guard let file = context.consoleForm?.files["file"], !file.isEmpty else {
                return try await page.list(context, runError: nil, upload: Self.report(failures: ["file: choose a CSV file to upload"]), status: .unprocessableContent)
            }
            let rows: [Result<(line: Int, outcome: OutcomeRecord), OutcomeCSVError>]
            do {
                rows = try OutcomeCSV.read(data: file, name: "the uploaded file", recordedBy: context.subject ?? "console")
            } catch {
                // A missing header or an unreadable file: nothing was recorded.
                return try await page.list(context, runError: nil, upload: Self.report(failures: ["\(error)"]), status: .unprocessableContent)
            }
            let result = try await OutcomeImport.record(rows, into: page.store)
            context.logger.info("console outcomes upload", metadata: [
                "recorded": .stringConvertible(result.recorded), "already_recorded": .stringConvertible(result.alreadyRecorded),
                "refused": .stringConvertible(result.failures.count),
            ])
            return try await page.list(context, runError: nil, upload: Self.report(result), status: result.failures.isEmpty ? .ok : .unprocessableContent)
        }
    }

    static func report(_ result: OutcomeImport) -> Report {
        report(failures: result.failures,
               summary: "\(ConsoleFormat.count(result.recorded)) recorded, \(ConsoleFormat.count(result.alreadyRecorded)) already recorded, \(ConsoleFormat.count(result.failures.count)) refused.")
    }

    static func report(failures: [String], summary: String = "Nothing was recorded.") -> Report {
        Report(summary: summary, failures: Array(failures.prefix(maxListedFailures)), hasFailures: !failures.isEmpty,
               more: failures.count > maxListedFailures ? "… and \(ConsoleFormat.count(failures.count - maxListedFailures)) more" : nil)
    }
}
