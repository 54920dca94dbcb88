import ArgumentParser
import ChurnModel
import ChurnServer
import ChurnServices
import ChurnStore
import Foundation
import Hummingbird
import Logging

/// `churnguard serve`: the HTTP API over the store (registry, online features, predictions log).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve predictions over HTTP: POST /api/v1/predict with JWT auth, metrics, health and the OpenAPI contract.",
        discussion: """
            Serves the registry's production model (or --bundle), its canary for the canary's share of customers
            (a stable hash of customer_id) and, off the response path, its shadow (logged, never returned); the
            registry is re-read every --registry-poll seconds so `churnguard models promote|canary|shadow` apply
            without a restart. Every served prediction is written to the predictions log (group commit); if the
            database is away, predictions are fsynced to HOME/spool and replayed when it returns, and /ready says
            "degraded".
            Routes: POST /api/v1/predict, GET /api/v1/customers/{id}/risk, POST /api/v1/predictions/batch,
            GET /api/v1/predictions/batch/{job_id}[/results], GET /api/v1/models[/{version}],
            POST /admin/models/{version}/promote, POST /admin/models/rollback, GET /health, /ready, /metrics,
            /openapi.yaml.
            Tokens: see `churnguard token --help`; --jwks verifies an identity provider's RS256/ES256 tokens
            instead. Logs are JSON lines on standard output.

            Examples:
              churnguard serve --port 8080
              churnguard serve --port 8443 --tls-cert server.pem --tls-key server.key
              churnguard serve --port 8443 --tls-cert server.pem --tls-key server.key --tls-client-ca clients-ca.pem
              churnguard serve --jwks https://idp.example.com/.well-known/jwks.json
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

    @Option(name: .long, help: "Seconds a request may take before it is answered 503 request_timeout.")
    var requestTimeout = 30.0

    @Option(name: .long, help: "JWKS of the identity provider (file path or http(s) URL): accept its RS256/ES256 tokens instead of the shared secret.")
    var jwks: String?

    @Option(name: .long, help: "Seconds between re-reads of --jwks, so rotated keys are picked up; a token with an unknown kid also triggers one (at most every 30 s).")
    var jwksRefresh = 600.0

    @Option(name: .long, help: "Server certificate chain (PEM): serve HTTPS, TLS 1.2 or later. Needs --tls-key.")
    var tlsCert: String?

    @Option(name: .long, help: "Private key (PEM) of --tls-cert.")
    var tlsKey: String?

    @Option(name: .long, help: "CA certificate(s) (PEM) that sign client certificates: require mutual TLS.")
    var tlsClientCa: String?

    @Option(name: .long, help: "Seconds between checks of the registry for a new production, canary or shadow (0: never).")
    var registryPoll = 10.0

    @Flag(name: .long, help: "Also run the retention program's campaign on its schedule (see `churnguard campaign schedule`).")
    var campaignSchedule = false

    @Option(name: .long, help: "A retention program YAML that POST /api/v1/campaigns may run by its programId (and that --campaign-schedule runs; default: the built-in program, Mondays 02:00 UTC).")
    var program: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard rateLimit > 0, burst >= 1 else { throw ValidationError("--rate-limit must be > 0 and --burst ≥ 1") }
        guard requestTimeout.isFinite, requestTimeout > 0, requestTimeout <= 3_600 else {
            throw ValidationError("--request-timeout must be more than 0 and at most 3600 seconds")
        }
        guard jwksRefresh.isFinite, jwksRefresh >= 1 else { throw ValidationError("--jwks-refresh must be at least 1 second") }
        guard registryPoll.isFinite, registryPoll >= 0 else { throw ValidationError("--registry-poll must be 0 or more seconds") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard tlsClientCa == nil || tlsCert != nil else { throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key") }
    }

    func run() async throws {
        let home = DataHome.resolve(home)
        var options = ChurnStore.Options()
        // Requests wait for their predictions' commit; a checkpoint must not be part of one.
        options.checkpointsInBackground = true
        try await withStore(home: home, options: options) { store in
            try await serve(store: store, home: home)
        }
    }

    private func serve(store: ChurnStore, home: String) async throws {
        let startupLogger = Logger(label: "churnguard") { label in JSONLogHandler(label: label, output: .standardOutput) }
        let models: ServingSet
        if let bundle {
            models = ServingSet(production: ChurnPredictor(bundle: try ModelBundle.load(from: bundle)))
        } else if try await store.modelRegistry.production() != nil {
            models = try await ServingSetLoader.load(from: store.modelRegistry, logger: startupLogger)
        } else {
            throw ValidationError("no production model: train one with `churnguard train --register` and `churnguard models promote V`, or pass --bundle")
        }
        let verifier = try await ServerSecrets.verifier(home: home, jwks: jwks, jwksRefresh: .milliseconds(Int64(jwksRefresh * 1000)))
        var configuration = ChurnServer.Configuration(verifier: verifier)
        configuration.host = host
        configuration.port = port
        configuration.requestsPerSecond = rateLimit
        configuration.burst = burst
        configuration.requestTimeout = .milliseconds(Int64((requestTimeout * 1000).rounded()))
        if let tlsCert, let tlsKey {
            configuration.tls = ServerTLS(certificateChainPath: tlsCert, privateKeyPath: tlsKey, clientCAPath: tlsClientCa)
        }
        let writer = PredictionsLogWriter(
            store: StorePredictionLog(store: store),
            spool: try PredictionSpool(directory: (home as NSString).appendingPathComponent("spool")))
        var server = ChurnServer(configuration: configuration, models: models)
        server.store = store
        server.sink = writer
        if let program {
            let loaded = try CampaignCommand.Run.loadProgram(program)
            server.campaignPrograms[loaded.programID] = loaded
        }
        server.lookup = StoreFeatureLookup(store: store, schemas: { [models = server.models] in models.snapshot.schemas })
        server.databaseProblem = {
            if await writer.isDegraded { return "unavailable: predictions are being spooled to disk" }
            do {
                _ = try await store.schemaVersion()
                return nil
            } catch {
                return "unreachable"
            }
        }
        let roles = [models.canary.map { "canary \($0.bundle.version) for \(models.canaryAssignment?.share ?? 0)" },
                     models.shadow.map { "shadow \($0.bundle.version)" }].compactMap { $0 }
        StandardError.print("serving model \(models.production.bundle.version)\(roles.isEmpty ? "" : " (" + roles.joined(separator: ", ") + ")")"
                            + " on \(tlsCert == nil ? "http" : "https")://\(host):\(port) (data: \(home))")
        let replay = Task { await writer.runReplayLoop() }
        defer { replay.cancel() }
        let keyRefresh = Task { await verifier.runKeyRefresh(logger: startupLogger) }
        defer { keyRefresh.cancel() }
        let checkpoints = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                do {
                    try await store.checkpointWAL()
                } catch {
                    startupLogger.warning("WAL checkpoint failed; retrying in a second", metadata: ["error": .string("\(error)")])
                }
            }
        }
        defer { checkpoints.cancel() }
        let follow = Task { [server, registryPoll, followsRegistry = bundle == nil] in
            guard followsRegistry, registryPoll > 0 else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(registryPoll * 1000)))
                do {
                    if try await server.reloadFromRegistry(logger: startupLogger) {
                        startupLogger.info("serving set reloaded from the registry", metadata: ["production": .string(server.models.snapshot.production.bundle.version)])
                    }
                } catch {
                    startupLogger.error("cannot reload the serving set from the registry", metadata: ["error": .string("\(error)")])
                }
            }
        }
        defer { follow.cancel() }
        let campaigns = try campaignScheduler(store: store, logger: startupLogger)
        let scheduled = Task { try await campaigns?.run() }
        defer { scheduled.cancel() }
        try await server.makeApplication().runService()
    }

    private func campaignScheduler(store: ChurnStore, logger: Logger) throws -> CampaignScheduler? {
        guard campaignSchedule else { return nil }
        do {
            var scheduler = try CampaignScheduler(store: store, program: try CampaignCommand.Run.loadProgram(program))
            scheduler.logger = logger
            StandardError.print("campaigns: program \(scheduler.program.programID) on \"\(scheduler.schedule)\" (UTC)")
            return scheduler
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
