import ChurnDecisions
import ChurnDelivery
import ChurnModel
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging

/// Builds the ChurnGuard HTTP application: routes, the middleware chain (request timeout →
/// observation → auth → rate limit) and the shared services they use; with a store, the web
/// console at `/console` too (`Console/`).
public struct ChurnServer: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var verifier: TokenVerifier
        public var requestsPerSecond = 200.0
        public var burst = 400
        public var logOutput = LogOutput.standardOutput
        public var logLevel = Logger.Level.info
        /// Longest a request may take before it is answered 503 `request_timeout`.
        public var requestTimeout: Duration = .seconds(30)
        /// Queue and retention of batch prediction jobs.
        public var batchJobs = BatchJobLimits()
        /// HTTPS (and mutual TLS with a client CA); nil serves plain HTTP.
        public var tls: ServerTLS?
        /// Idle, header and body timeouts and the cap on open connections.
        public var connections = ConnectionLimits()
        /// Requests with a missing or refused token allowed per client address: `anonymousBurst` at
        /// once, refilled at this rate.
        public var anonymousRequestsPerSecond = 20.0
        public var anonymousBurst = 40
        /// Console sign-in attempts allowed per client address: `consoleSignInBurst` at once,
        /// refilled at this rate (10 a minute).
        public var consoleSignInsPerSecond = 10.0 / 60
        public var consoleSignInBurst = 10
        /// How long a console session lasts (an API token's session ends with the token, if sooner).
        public var consoleSessionLifetime: TimeInterval = 8 * 3_600
        /// How long the console's overview figures are reused before they are counted again.
        public var consoleOverviewMaxAge: Duration = .seconds(60)

        public init(verifier: TokenVerifier) {
            self.verifier = verifier
        }
    }

    public var configuration: Configuration
    public let models: ServingModels
    public let metrics: ServerMetrics
    public var lookup: (any OnlineFeatureLookup)?
    public var sink: (any PredictionLogSink)?
    /// The store behind the registry routes and admin actions; nil serves one bundle without a registry.
    public var store: ChurnStore?
    public var databaseProblem: @Sendable () async -> String? = { nil }
    /// Programs `POST /api/v1/campaigns` may run by `program_id`; the built-in default is always there.
    public var campaignPrograms: [String: RetentionProgram] = [RetentionProgram.default.programID: .default]
    /// Where campaigns planned over the API send their actions (`delivery.yaml`); nil enqueues nothing.
    public var delivery: DeliveryConfiguration?

    public init(configuration: Configuration, production: ModelBundle) {
        self.init(configuration: configuration, models: ServingSet(production: ChurnPredictor(bundle: production)))
    }

    /// Serves a whole set: production, and the canary and shadow when present.
    public init(configuration: Configuration, models set: ServingSet) {
        self.configuration = configuration
        self.models = ServingModels(set)
        self.metrics = ServerMetrics()
        metrics.setModelVersion(set.production.bundle.version)
    }

    public func makeRouter() -> Router<ChurnRequestContext> {
        let router = Router(context: ChurnRequestContext.self)
        router.add(middleware: ObservationMiddleware(metrics: metrics, overTLS: configuration.tls != nil))
        HealthRoutes(models: models, metrics: metrics, databaseProblem: databaseProblem).add(to: router)

        let shadowQueue = sink.map { ShadowScoringQueue(sink: $0, metrics: metrics) }
        let scorer = OnlineScorer(sink: sink, metrics: metrics, shadowQueue: shadowQueue)
        let batch = BatchPredictionRoutes(
            models: models, jobs: BatchPredictionJobs(scorer: scorer, lookup: lookup, limits: configuration.batchJobs))

        let limiter = RateLimiter(perSecond: configuration.requestsPerSecond, burst: configuration.burst)
        let scoring = group(router, allowed: [.scorer, .admin], limiter: limiter)
        PredictRoutes(models: models, lookup: lookup, scorer: scorer).add(to: scoring)
        batch.addSubmission(to: scoring)

        let jobReading = group(router, allowed: [.scorer, .analyst, .admin], limiter: limiter)
        batch.addReading(to: jobReading)

        let reading = group(router, allowed: [.analyst, .operator, .admin], limiter: limiter)
        ModelRoutes(models: models, store: store).add(to: reading)
        if let store {
            CustomerRoutes(store: store, models: models, scorer: scorer).add(to: reading)
            let campaigns = CampaignRoutes(store: store, programs: campaignPrograms, delivery: delivery)
            campaigns.addReading(to: reading)
            AnalyticsRoutes(store: store).add(to: reading)

            let operating = group(router, allowed: [.operator, .admin], limiter: limiter)
            campaigns.addOperating(to: operating)
            FeedbackRoutes(store: store).add(to: operating)
        }

        if let store {
            ConsoleRoutes(
                store: store, models: models, lookup: lookup, scorer: scorer, metrics: metrics,
                sessions: consoleSessions(store),
                signInAttempts: RateLimiter(perSecond: configuration.consoleSignInsPerSecond, burst: configuration.consoleSignInBurst),
                overviewCache: OverviewCache(maxAge: configuration.consoleOverviewMaxAge),
                programs: campaignPrograms, delivery: delivery
            ).add(to: router)

            let admin = router.group("admin")
                .add(middleware: AuthMiddleware(verifier: configuration.verifier, allowed: [.admin]))
                .add(middleware: RateLimitMiddleware(limiter: limiter))
            AdminRoutes(models: models, store: store, metrics: metrics).add(to: admin)
            DeadLetterRoutes(store: store).add(to: admin)
            PrivacyRoutes(store: store).add(to: admin)
        }
        return router
    }

    /// The console's sessions in `store`: read by the request-timeout responder (before any body) and
    /// by the console's pages.
    private func consoleSessions(_ store: ChurnStore) -> ConsoleSessions {
        ConsoleSessions(store: store, verifier: configuration.verifier, secure: configuration.tls != nil, lifetime: configuration.consoleSessionLifetime)
    }

    private func group(_ router: Router<ChurnRequestContext>, allowed: Set<Role>, limiter: RateLimiter) -> RouterGroup<ChurnRequestContext> {
        router.group("api/v1")
            .add(middleware: AuthMiddleware(verifier: configuration.verifier, allowed: allowed))
            .add(middleware: RateLimitMiddleware(limiter: limiter))
    }

    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        try makeApplication(connections: ConnectionRegistry(limits: configuration.connections, metrics: metrics), onServerRunning: onServerRunning)
    }

    /// The application over a given connection registry (a test watches the connections' phases).
    func makeApplication(connections registry: ConnectionRegistry, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let output = configuration.logOutput
        var logger = Logger(label: "churnguard") { label in JSONLogHandler(label: label, output: output) }
        logger.logLevel = configuration.logLevel
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionGuard(registry: registry)])
        let server: HTTPServerBuilder = try configuration.tls.map { try .tls(.http1(configuration: http1), tlsConfiguration: $0.makeConfiguration()) }
            ?? .http1(configuration: http1)
        return Application(
            router: RequestTimeoutRouter(
                router: makeRouter(), timeout: configuration.requestTimeout, metrics: metrics, verifier: configuration.verifier,
                anonymousLimiter: RateLimiter(perSecond: configuration.anonymousRequestsPerSecond, burst: configuration.anonymousBurst),
                consoleSessions: store.map(consoleSessions), overTLS: configuration.tls != nil),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "churnguard"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves the registry's current production, canary and shadow, if they differ from the set
    /// being served; returns whether it swapped. For `serve`, which follows the registry so that
    /// `churnguard models canary|shadow|promote` take effect without a restart.
    @discardableResult
    public func reloadFromRegistry(logger: Logger) async throws -> Bool {
        guard let store else { return false }
        let live = try await ServingSetLoader.liveVersions(in: store.modelRegistry)
        guard live.production != nil, live != ServingSetLoader.liveVersions(of: models.snapshot.servingSet) else { return false }
        let set = try await ServingSetLoader.load(from: store.modelRegistry, logger: logger)
        let previous = models.replace(with: set)
        metrics.setModelVersion(set.production.bundle.version, previous: previous)
        return true
    }
}
