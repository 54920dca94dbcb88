#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit, which every client connection counts against.
enum FileDescriptorLimit {
    /// Raises the soft limit to the hard one (the default soft limit of 1,024 would cap a server far
    /// below what the machine allows) and returns the cap on client connections that leaves room for
    /// the database, the spool and logs: 4,096, or the limit less 128 when that is lower.
    static func defaultMaxConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 896 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur)
        return max(16, min(4_096, available - 128))
    }
}
