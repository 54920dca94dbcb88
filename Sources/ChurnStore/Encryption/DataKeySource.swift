import Foundation

/// Where the data keys come from: the environment only (a key on the command line would sit in the
/// shell history and in `ps`). The current key seals what is written; a previous key is read
/// during a rotation to the current one. Printing a source never prints a key.
public struct DataKeySource: Sendable, Equatable, CustomStringConvertible {
    enum Origin: Sendable, Equatable {
        case none
        case value(variable: String, text: String)
        case file(variable: String, path: String)
        /// Both the key and the key file of one role: refused when loaded, never guessed between.
        case conflict(variable: String, fileVariable: String)
    }

    var current: Origin
    var previous: Origin

    public static let none = DataKeySource(current: .none, previous: .none)

    public static let keyVariable = "CHURNGUARD_DATA_KEY"
    public static let keyFileVariable = "CHURNGUARD_DATA_KEY_FILE"
    public static let previousKeyVariable = "CHURNGUARD_DATA_KEY_PREVIOUS"
    public static let previousKeyFileVariable = "CHURNGUARD_DATA_KEY_PREVIOUS_FILE"

    /// Reads the four variables; an empty variable counts as unset.
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DataKeySource {
        func origin(_ variable: String, _ fileVariable: String) -> Origin {
            if let path = environment[fileVariable], !path.isEmpty {
                if let text = environment[variable], !text.isEmpty { return .conflict(variable: variable, fileVariable: fileVariable) }
                return .file(variable: fileVariable, path: path)
            }
            if let text = environment[variable], !text.isEmpty { return .value(variable: variable, text: text) }
            return .none
        }
        return DataKeySource(
            current: origin(keyVariable, keyFileVariable),
            previous: origin(previousKeyVariable, previousKeyFileVariable))
    }

    /// The current key's id, nil when none is configured.
    public func keyID() throws -> String? { try load()?.current.id }

    /// The keys, or nil when none is configured.
    func load() throws -> DataKeyring? {
        guard let current = try Self.key(current) else {
            if previous != .none { throw DataKeyError.previousWithoutCurrent }
            return nil
        }
        return DataKeyring(current: current, previous: try Self.key(previous))
    }

    private static func key(_ origin: Origin) throws -> DataKey? {
        switch origin {
        case .none:
            return nil
        case .value(let variable, let text):
            return try DataKey(base64: text, source: variable)
        case .conflict(let variable, let fileVariable):
            throw DataKeyError.ambiguous(variable: variable, fileVariable: fileVariable)
        case .file(let variable, let path):
            return try DataKey(file: path, source: "\(variable) (\(path))")
        }
    }

    public var description: String {
        func describe(_ origin: Origin) -> String {
            switch origin {
            case .none: "none"
            case .value(let variable, _): variable
            case .file(let variable, let path): "\(variable)=\(path)"
            case .conflict(let variable, let fileVariable): "\(variable) and \(fileVariable)"
            }
        }
        return "DataKeySource(current: \(describe(current)), previous: \(describe(previous)))"
    }
}

/// The keys a process holds: the current one, which seals every value written, and during a
/// rotation the previous one, still needed to open what is not yet re-sealed.
struct DataKeyring: Sendable {
    let current: DataKey
    let previous: DataKey?

    var ids: [String] { [current.id] + (previous.map { [$0.id] } ?? []) }

    func key(id: String) -> DataKey? {
        if current.id == id { return current }
        if let previous, previous.id == id { return previous }
        return nil
    }

    /// ``key(id:)`` for the id's bytes as a binary sealed value holds them (no `String` made).
    func key(idBytes: UnsafeRawBufferPointer) -> DataKey? {
        if current.idBytes.elementsEqual(idBytes) { return current }
        if let previous, previous.idBytes.elementsEqual(idBytes) { return previous }
        return nil
    }
}
