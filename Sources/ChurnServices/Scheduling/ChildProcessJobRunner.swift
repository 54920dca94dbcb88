import Foundation
import Synchronization

/// Runs a job as `churnguard ARGUMENTS…` in a child process, with `CHURNGUARD_HOME` set to the
/// scheduler's data directory, so a job is exactly what the same command does by hand. Its output
/// is appended to `LOGS/JOB.log`; a failure keeps the end of the error output. Past its timeout the
/// child gets SIGTERM, then SIGKILL ten seconds later; so does it when the scheduler stops.
public struct ChildProcessJobRunner: JobRunner {
    public var executable: URL
    public var home: String
    public var logDirectory: String

    public init(executable: URL = ChildProcessJobRunner.currentExecutable, home: String, logDirectory: String? = nil) {
        self.executable = executable
        self.home = home
        self.logDirectory = logDirectory ?? (home as NSString).appendingPathComponent("job-logs")
    }

    /// This process's own binary: the scheduler runs the same `churnguard` it is part of.
    public static var currentExecutable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }

    public func run(job: String, arguments: [String], timeout: TimeInterval) async -> JobExecution {
        let log: FileHandle
        do {
            try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
            let path = (logDirectory as NSString).appendingPathComponent("\(job).log")
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            log = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try log.seekToEnd()
            try log.write(contentsOf: Data("== \(ISO8601DateFormatter().string(from: Date())) churnguard \(arguments.joined(separator: " "))\n".utf8))
        } catch {
            return JobExecution(exitCode: nil, error: "cannot open the job log in \(logDirectory): \(error)")
        }
        defer { try? log.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CHURNGUARD_HOME"] = home
        process.environment = environment
        process.standardOutput = log
        let errors = Pipe()
        process.standardError = errors
        let tail = ErrorTail(log: log)
        errors.fileHandleForReading.readabilityHandler = { handle in tail.append(handle.availableData) }

        let ended = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { ended.continuation.yield($0.terminationStatus); ended.continuation.finish() }
        do {
            try process.run()
        } catch {
            return JobExecution(exitCode: nil, error: "cannot start \(executable.path): \(error)")
        }
        let timedOut = Atomic(false)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            timedOut.store(true, ordering: .relaxed)
            Self.stop(process)
        }
        let status = await withTaskCancellationHandler {
            var iterator = ended.stream.makeAsyncIterator()
            return await iterator.next() ?? -1
        } onCancel: {
            Self.stop(process)
        }
        watchdog.cancel()
        errors.fileHandleForReading.readabilityHandler = nil
        tail.append(errors.fileHandleForReading.readDataToEndOfFile())
        if timedOut.load(ordering: .relaxed) {
            return JobExecution(exitCode: Int(status), error: "stopped after its timeout of \(Int(timeout)) s")
        }
        if Task.isCancelled { return JobExecution(exitCode: Int(status), error: "stopped with the scheduler") }
        return JobExecution(exitCode: Int(status), error: status == 0 ? nil : tail.text.isEmpty ? "exit status \(status)" : tail.text)
    }

    /// SIGTERM now, SIGKILL if it is still there ten seconds later.
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
            if process.isRunning { kill(pid, SIGKILL) }
        }
    }
}

/// The job's error output: copied to its log, and the last 2,000 bytes kept for the run's record.
private final class ErrorTail: Sendable {
    private let state = Mutex(Data())
    private let log: FileHandle

    init(log: FileHandle) { self.log = log }

    func append(_ data: Data) {
        guard !data.isEmpty else { return }
        try? log.write(contentsOf: data)
        state.withLock { tail in
            tail.append(data)
            if tail.count > 2_000 { tail = tail.suffix(2_000) }
        }
    }

    var text: String { state.withLock { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } }
}
