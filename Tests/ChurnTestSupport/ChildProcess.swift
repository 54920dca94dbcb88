import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests, started with `posix_spawn` and reaped with `waitpid` by this type
/// itself. Foundation's `Process` on Linux reaps children from a dispatch source on the global
/// queues; on a 2-core machine a test that blocks those queues' threads (waiting on a child, or the
/// cooperative pool running on them) leaves the child a zombie and `waitUntilExit` never returns.
/// Output goes to temporary files, readable while the child runs.
public final class ChildProcess: @unchecked Sendable {
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended the child.
        public var status: Int32
        public var signaled: Bool
        public var output: String
        public var errors: String
    }

    public let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private let lock = NSLock()
    private var exit: (status: Int32, signaled: Bool)?

    private init(pid: pid_t, outputPath: String, errorPath: String) {
        self.pid = pid
        self.outputPath = outputPath
        self.errorPath = errorPath
    }

    /// Starts `arguments[0]` (a path, or a name looked up on PATH) with the rest as arguments.
    /// - Parameters:
    ///   - environment: the child's whole environment; the test process's when nil.
    ///   - directory: the working directory (through `env -C`).
    ///   - input: bytes for the child's standard input (empty input when nil).
    public static func spawn(
        _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil, input: Data? = nil
    ) throws -> ChildProcess {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)").path
        let outputPath = base + ".out", errorPath = base + ".err", inputPath = base + ".in"
        try (input ?? Data()).write(to: URL(fileURLWithPath: inputPath))
        defer { try? FileManager.default.removeItem(atPath: inputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else: sockets accepted by a server under test are not close-on-exec (SwiftNIO accepts
        // without SOCK_CLOEXEC), and a long-lived child holding one keeps the connection open after the
        // server has closed it.
        Self.closeInheritedDescriptors(&actions)
        let command = (directory.map { ["/usr/bin/env", "-C", $0] } ?? []) + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned: Int32
        if let environment {
            let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            spawned = posix_spawnp(&pid, command[0], &actions, nil, argv, envp)
        } else {
            spawned = posix_spawnp(&pid, command[0], &actions, nil, argv, environ)
        }
        guard spawned == 0 else {
            throw ChildProcessError(command: command.joined(separator: " "), reason: String(cString: strerror(spawned)))
        }
        return ChildProcess(pid: pid, outputPath: outputPath, errorPath: errorPath)
    }

    /// Adds "close every descriptor from 3 up" to `actions`: glibc's `posix_spawn_file_actions_addclosefrom_np`
    /// (2.34 and later; not in Swift's Glibc module, hence looked up), else one close per descriptor open now.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for descriptor in open where descriptor > 2 && fcntl(descriptor, F_GETFD) >= 0 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// Runs to completion, waiting on a thread of its own (never a cooperative or dispatch thread).
    public static func run(
        _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil, input: Data? = nil
    ) async throws -> Result {
        try await spawn(arguments, environment: environment, directory: directory, input: input).result()
    }

    /// What the child has written to standard output / error so far.
    public func output() -> String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    public func errors() -> String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Whether the child is still running (reaps it if it has ended).
    public func isRunning() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if exit != nil { return false }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { exit = Self.decode(status) }
        return exit == nil
    }

    public func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(pid, signal)
    }

    /// Blocks the calling thread until the child ends.
    public func waitBlocking() -> Result {
        lock.lock()
        if exit == nil {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exit = Self.decode(status)
        }
        let (status, signaled) = exit!
        lock.unlock()
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        return Result(status: status, signaled: signaled, output: output(), errors: errors())
    }

    /// Waits for the child on a thread of its own.
    public func result() async -> Result {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.waitBlocking()) }.start()
        }
    }

    private static func decode(_ status: Int32) -> (Int32, Bool) {
        // WIFEXITED / WEXITSTATUS / WTERMSIG spelled out: the C macros are not imported.
        let signal = status & 0x7f
        return signal == 0 ? ((status >> 8) & 0xff, false) : (128 + signal, true)
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var command: String
    public var reason: String
    public var description: String { "cannot start \(command): \(reason)" }
}
