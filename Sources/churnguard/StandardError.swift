import Foundation

/// Progress and warnings go to stderr so that stdout stays the command's result.
enum StandardError {
    static func print(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
