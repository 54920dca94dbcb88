import ChurnStore

/// Opens the store of `home` (or `CHURNGUARD_DATABASE_URL`), runs `body` and shuts the store down
/// whether `body` succeeds or throws: every command that touches the store goes through here.
func withStore<T: Sendable>(
    home: String?, options: ChurnStore.Options = .init(), _ body: (ChurnStore) async throws -> T
) async throws -> T {
    let store = try await ChurnStore.open(StoreConfiguration.resolve(home: DataHome.resolve(home)), options: options)
    do {
        let result = try await body(store)
        try await store.shutdown()
        return result
    } catch {
        try? await store.shutdown()
        throw error
    }
}
