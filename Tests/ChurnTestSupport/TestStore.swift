import ChurnStore
import Foundation

/// Opens a store on `configuration`, runs `body` with it, and awaits `shutdown()` whether `body`
/// returned or threw. A `defer { Task { try? await store.shutdown() } }` would leave the shutdown
/// running after the test has ended (its pool and threads outliving the test, its errors lost);
/// here the test does not end until the store is closed.
public func withStore<T>(_ configuration: StoreConfiguration, _ body: (ChurnStore) async throws -> T) async throws -> T {
    let store = try await ChurnStore.open(configuration)
    let result: T
    do {
        result = try await body(store)
    } catch {
        try? await store.shutdown()
        throw error
    }
    try await store.shutdown()
    return result
}

/// ``withStore(_:_:)`` on the embedded SQLite default in a new temporary home, which `body` gets
/// too (bundles, spools) and which is deleted afterwards.
public func withTestStore<T>(_ body: (ChurnStore, _ home: String) async throws -> T) async throws -> T {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("churnguard-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: home) }
    return try await withStore(StoreConfiguration.resolve(home: home, environment: [:])) { store in
        try await body(store, home)
    }
}
