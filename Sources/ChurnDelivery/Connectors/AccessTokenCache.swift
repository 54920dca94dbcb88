/// OAuth access tokens per destination, shared by a worker's concurrent sends, so a token is
/// fetched once and refreshed once when it expires, not once per message.
actor AccessTokenCache {
    struct Token: Sendable, Equatable {
        var accessToken: String
        /// Where the API lives for this token (Salesforce answers with the org's instance URL).
        var instanceURL: String
    }

    private var tokens: [String: Token] = [:]
    private var fetching: [String: Task<Token, any Error>] = [:]

    /// The cached token of `destination`, or one fetched now (a single fetch however many ask at once).
    func token(for destination: String, fetch: @escaping @Sendable () async throws -> Token) async throws -> Token {
        if let token = tokens[destination] { return token }
        if let running = fetching[destination] { return try await running.value }
        let task = Task { try await fetch() }
        fetching[destination] = task
        defer { fetching[destination] = nil }
        let token = try await task.value
        tokens[destination] = token
        return token
    }

    /// Forgets `stale` (the receiver answered 401 to it); a token fetched meanwhile by another send is kept.
    func invalidate(_ destination: String, stale: Token) {
        if tokens[destination] == stale { tokens[destination] = nil }
    }
}
