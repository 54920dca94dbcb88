import ArgumentParser
import ChurnModel
import ChurnServer
import ChurnStore
import Foundation
import Hummingbird

/// `churnguard serve`: the HTTP API over the store (registry, online features, predictions log).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve predictions over HTTP: POST /api/v1/predict with JWT auth, metrics, health and the OpenAPI contract.",
        discussion: """
            Serves the registry's production model (or --bundle). Every served prediction is written to the
            predictions log (group commit); if the database is away, predictions are fsynced to HOME/spool and
            replayed when it returns, and /ready says "degraded".
            Routes: POST /api/v1/predict, GET /api/v1/models[/{version}], POST /admin/models/{version}/promote,
            POST /admin/models/rollback, GET /health, /ready, /metrics, /openapi.yaml.
            Tokens: see `churnguard token --help`. Logs are JSON lines on standard output.

            Example:
              churnguard serve --port 8080
            """
    )

    @Option(name: .long, help: "Model bundle to serve instead of the registry's production model.")
    var bundle: String?

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = 8080

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data); CHURNGUARD_DATABASE_URL selects PostgreSQL.")
    var home: String?

    @Option(name: .long, help: "Requests per second allowed per client (token subject).")
    var rateLimit = 200.0

    @Option(name: .long, help: "Burst of requests a client may send at once.")
    var burst = 400

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard rateLimit > 0, burst >= 1 else { throw ValidationError("--rate-limit must be > 0 and --burst ≥ 1") }
    }

    func run() async throws {
        let home = DataHome.resolve(home)
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home))
        let model: ModelBundle
        if let bundle {
            model = try ModelBundle.load(from: bundle)
        } else if let production = try await store.modelRegistry.production() {
            model = try ModelBundle.load(from: production.bundlePath)
        } else {
            try await store.shutdown()
            throw ValidationError("no production model: train one with `churnguard train --register` and `churnguard models promote V`, or pass --bundle")
        }
        let verifier = try await ServerSecrets.verifier(home: home)
        var configuration = ChurnServer.Configuration(verifier: verifier)
        configuration.host = host
        configuration.port = port
        configuration.requestsPerSecond = rateLimit
        configuration.burst = burst
        let writer = PredictionsLogWriter(
            store: StorePredictionLog(store: store),
            spool: try PredictionSpool(directory: (home as NSString).appendingPathComponent("spool")))
        var server = ChurnServer(configuration: configuration, production: model)
        server.store = store
        server.sink = writer
        server.lookup = StoreFeatureLookup(store: store, models: server.models)
        server.databaseProblem = {
            if await writer.isDegraded { return "unavailable: predictions are being spooled to disk" }
            do {
                _ = try await store.schemaVersion()
                return nil
            } catch {
                return "unreachable"
            }
        }
        StandardError.print("serving model \(model.version) on http://\(host):\(port) (data: \(home))")
        let replay = Task { await writer.runReplayLoop() }
        defer { replay.cancel() }
        try await server.makeApplication().runService()
        try await store.shutdown()
    }
}
