import ChurnModel
import ChurnStore
import Foundation
import Hummingbird
import Logging

/// Builds the ChurnGuard HTTP application: routes, the middleware chain (observation → auth →
/// rate limit) and the shared services they use.
public struct ChurnServer: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var verifier: TokenVerifier
        public var requestsPerSecond = 200.0
        public var burst = 400
        public var logOutput = LogOutput.standardOutput
        public var logLevel = Logger.Level.info

        public init(verifier: TokenVerifier) {
            self.verifier = verifier
        }
    }

    public let configuration: Configuration
    public let models: ServingModels
    public let metrics: ServerMetrics
    public var lookup: (any OnlineFeatureLookup)?
    public var sink: (any PredictionLogSink)?
    /// The store behind the registry routes and admin actions; nil serves one bundle without a registry.
    public var store: ChurnStore?
    public var databaseProblem: @Sendable () async -> String? = { nil }

    public init(configuration: Configuration, production: ModelBundle) {
        self.configuration = configuration
        self.models = ServingModels(production: production)
        self.metrics = ServerMetrics()
        metrics.setModelVersion(production.version)
    }

    public func makeRouter() -> Router<ChurnRequestContext> {
        let router = Router(context: ChurnRequestContext.self)
        router.add(middleware: ObservationMiddleware(metrics: metrics))
        HealthRoutes(models: models, metrics: metrics, databaseProblem: databaseProblem).add(to: router)

        let limiter = RateLimiter(perSecond: configuration.requestsPerSecond, burst: configuration.burst)
        let scoring = router.group("api/v1")
            .add(middleware: AuthMiddleware(verifier: configuration.verifier, allowed: [.scorer, .admin]))
            .add(middleware: RateLimitMiddleware(limiter: limiter))
        PredictRoutes(models: models, lookup: lookup, sink: sink, metrics: metrics).add(to: scoring)

        let reading = router.group("api/v1")
            .add(middleware: AuthMiddleware(verifier: configuration.verifier, allowed: [.analyst, .operator, .admin]))
            .add(middleware: RateLimitMiddleware(limiter: limiter))
        ModelRoutes(models: models, store: store).add(to: reading)
        if let store {
            CustomerRoutes(store: store).add(to: reading)
            CampaignRoutes(store: store).addReading(to: reading)
            AnalyticsRoutes(store: store).add(to: reading)

            let operating = router.group("api/v1")
                .add(middleware: AuthMiddleware(verifier: configuration.verifier, allowed: [.operator, .admin]))
                .add(middleware: RateLimitMiddleware(limiter: limiter))
            CampaignRoutes(store: store).addOperating(to: operating)
            FeedbackRoutes(store: store).add(to: operating)
        }

        if let store {
            let admin = router.group("admin")
                .add(middleware: AuthMiddleware(verifier: configuration.verifier, allowed: [.admin]))
                .add(middleware: RateLimitMiddleware(limiter: limiter))
            AdminRoutes(models: models, store: store, metrics: metrics).add(to: admin)
        }
        return router
    }

    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let output = configuration.logOutput
        var logger = Logger(label: "churnguard") { label in JSONLogHandler(label: label, output: output) }
        logger.logLevel = configuration.logLevel
        return Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "churnguard"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
