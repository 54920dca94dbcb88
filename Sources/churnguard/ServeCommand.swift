import ArgumentParser
import ChurnDelivery
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
            Serves the registry's production model (or --bundle), its canary for the canary's share of customers \
            (a stable hash of customer_id) and, off the response path, its shadow (logged, never returned); the \
            registry is re-read every --registry-poll seconds so `churnguard models promote|canary|shadow` apply \
            without a restart. Every served prediction is written to the predictions log (group commit); if the \
            database is away, predictions are fsynced to HOME/spool and replayed when it returns, and /ready says \
            "degraded".

            Routes: POST /api/v1/predict, GET /api/v1/customers/{id}/risk, POST /api/v1/predictions/batch, \
            GET /api/v1/predictions/batch/{job_id}[/results], GET /api/v1/models[/{version}], \
            POST /admin/models/{version}/promote, POST /admin/models/rollback, GET /health, /ready, /metrics, \
            /openapi.yaml.

            Tokens: see `churnguard token --help`; --jwks verifies an identity provider's RS256/ES256 tokens \
            instead. Every token's signature, exp and nbf are checked, and so are its claims iss (must be \
            CHURNGUARD_JWT_ISSUER, default "churnguard") and aud (must contain CHURNGUARD_JWT_AUDIENCE, default \
            "churnguard-api"); set both to what your identity provider issues. A token valid for longer than \
            --max-token-lifetime is refused. The token (on the console, the session) is checked from the headers \
            before any byte of the body is read; only the console's sign-in form (16 KiB at most) is read before, \
            and /health, /ready, /metrics and /openapi.yaml take no body. Requests without a valid token or session \
            are limited per client address (--anonymous-rate-limit, --anonymous-burst; 429 beyond). Logs are JSON \
            lines on standard output.

            Connections: an idle connection is closed after --idle-timeout, a request head must arrive within \
            --header-timeout of its first byte and its body within --body-timeout of the head, and a client that \
            stops reading its answer is cut after --write-timeout; beyond --max-connections the connection that has \
            waited longest on its client is closed to make room (503 when all are busy). The metrics \
            churnguard_connections_open and churnguard_connections_closed_total{reason} show them.

            Environment: CHURNGUARD_HOME (the data directory, as --home), CHURNGUARD_DATABASE_URL (a postgres:// URL: \
            the store in PostgreSQL instead of HOME's SQLite file), CHURNGUARD_JWT_SECRET (the HS256 secret, at least \
            32 bytes; else HOME/jwt-secret, made on first use), CHURNGUARD_JWKS_FILE (a JWKS file instead), \
            CHURNGUARD_JWT_ISSUER, CHURNGUARD_JWT_AUDIENCE, CHURNGUARD_ERASURE_KEY_FILE (the erasure list's key; else \
            HOME/erasure-key), CHURNGUARD_DATA_KEY_FILE (the key customer data is encrypted under at rest; during a \
            rotation also CHURNGUARD_DATA_KEY_PREVIOUS_FILE; see `churnguard keys --help`).

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

    @Option(name: .long, help: "Delivery configuration YAML: campaigns planned by the server enqueue their actions (default: HOME/delivery.yaml if present).")
    var delivery: String?

    @Flag(name: .long, help: "Also run the delivery worker (see `churnguard deliver`), sending the outbox as messages come due.")
    var deliver = false

    @Flag(name: .long, help: "Also run the job scheduler (see `churnguard scheduler`) with HOME/schedule.yaml or --schedule.")
    var scheduler = false

    @Option(name: .long, help: "Schedule file for --scheduler (default: HOME/schedule.yaml).")
    var schedule: String?

    @Option(name: .long, help: "Seconds an open connection may wait for its next request before it is closed.")
    var idleTimeout = 60.0

    @Option(name: .long, help: "Seconds from a request's first byte to the end of its head.")
    var headerTimeout = 10.0

    @Option(name: .long, help: "Seconds from a request's head to the end of its body.")
    var bodyTimeout = 60.0

    @Option(name: .long, help: "Seconds a client may go without reading its answer while the server has more to send.")
    var writeTimeout = 60.0

    @Option(name: .long, help: "Requests per second allowed per client address without a valid token or console session.")
    var anonymousRateLimit = 20.0

    @Option(name: .long, help: "Requests at once allowed per client address without a valid token or console session.")
    var anonymousBurst = 40

    @Option(name: .long, help: "Most open client connections (default: 4096, or fewer if the file-descriptor limit is lower).")
    var maxConnections: Int?

    @Option(name: .long, help: "Longest remaining validity, in seconds, of an accepted token (its exp minus now).")
    var maxTokenLifetime = TokenCommand.serveDefaultMaxLifetime

    func validate() throws {
        for (name, value) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--write-timeout", writeTimeout)] {
            guard value.isFinite, value >= 0.1, value <= 3_600 else { throw ValidationError("\(name) must be 0.1…3600 seconds") }
        }
        guard anonymousRateLimit.isFinite, anonymousRateLimit > 0, anonymousBurst >= 1 else {
            throw ValidationError("--anonymous-rate-limit must be > 0 and --anonymous-burst ≥ 1")
        }
        guard maxConnections.map({ $0 >= 1 }) ?? true else { throw ValidationError("--max-connections must be at least 1") }
        guard maxTokenLifetime.isFinite, maxTokenLifetime >= 60 else { throw ValidationError("--max-token-lifetime must be at least 60 seconds") }
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
        var verifier = try await ServerSecrets.verifier(home: home, jwks: jwks, jwksRefresh: .milliseconds(Int64(jwksRefresh * 1000)))
        verifier.maxLifetime = maxTokenLifetime
        var configuration = ChurnServer.Configuration(verifier: verifier)
        configuration.connections.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        configuration.connections.headerTimeout = .milliseconds(Int64(headerTimeout * 1000))
        configuration.connections.bodyTimeout = .milliseconds(Int64(bodyTimeout * 1000))
        configuration.connections.writeTimeout = .milliseconds(Int64(writeTimeout * 1000))
        configuration.anonymousRequestsPerSecond = anonymousRateLimit
        configuration.anonymousBurst = anonymousBurst
        configuration.connections.maxConnections = maxConnections ?? FileDescriptorLimit.defaultMaxConnections()
        configuration.host = host
        configuration.port = port
        configuration.requestsPerSecond = rateLimit
        configuration.burst = burst
        configuration.requestTimeout = .milliseconds(Int64((requestTimeout * 1000).rounded()))
        if let tlsCert, let tlsKey {
            configuration.tls = ServerTLS(certificateChainPath: tlsCert, privateKeyPath: tlsKey, clientCAPath: tlsClientCa)
        }
        var server = ChurnServer(configuration: configuration, models: models)
        let writer = PredictionsLogWriter(
            store: StorePredictionLog(store: store),
            spool: try PredictionSpool(directory: (home as NSString).appendingPathComponent("spool"), cipher: store.cipher),
            logger: startupLogger, spoolDepthChanged: { [metrics = server.metrics] in metrics.setSpoolDepth($0) })
        server.store = store
        server.sink = writer
        // Read once: the API runs it by its id, the schedule (if asked for) runs it or the built-in one.
        let programFile = try ProgramFile.load(program)
        if program != nil || campaignSchedule { try await programFile.audit(in: store, actor: "serve") }
        if program != nil { server.campaignPrograms[programFile.program.programID] = programFile.program }
        server.delivery = try DeliveryFile.load(explicit: delivery, home: home)
        if deliver, server.delivery == nil {
            throw ValidationError("--deliver needs a delivery configuration: HOME/delivery.yaml or --delivery FILE")
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
        if !store.encryptsAtRest {
            startupLogger.warning("customer features and personal columns are stored unencrypted; set CHURNGUARD_DATA_KEY_FILE (see `churnguard keys --help`)")
        }
        var campaigns = try campaignScheduler(store: store, programFile: programFile, logger: startupLogger)
        campaigns?.delivery = server.delivery
        let deliveryClient = deliver ? server.delivery.map { DeliveryHTTPClient.make(concurrency: $0.concurrency) } : nil
        let deliveryWorker = deliveryClient.flatMap { client in
            server.delivery.map { configuration -> OutboxWorker in
                var worker = OutboxWorker(outbox: store.outbox, configuration: configuration, client: client, logger: startupLogger)
                worker.metrics = server.metrics
                return worker
            }
        }
        let jobs = scheduler ? try ScheduleFile.load(explicit: schedule, home: home) : nil
        let jobScheduler = jobs.map { JobScheduler(schedule: $0, store: store, runner: ScheduleFile.runner(home: home), logger: startupLogger) }
        let background = [
            Task { await writer.runReplayLoop() },
            Task { await verifier.runKeyRefresh(logger: startupLogger) },
            Task {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .seconds(1)) } catch { return }
                    do {
                        try await store.checkpointWAL()
                    } catch where !Task.isCancelled {
                        startupLogger.warning("WAL checkpoint failed; retrying in a second", metadata: ["error": .string("\(error)")])
                    }
                }
            },
            Task { [server, registryPoll, followsRegistry = bundle == nil] in
                guard followsRegistry, registryPoll > 0 else { return }
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .milliseconds(Int64(registryPoll * 1000))) } catch { return }
                    do {
                        if try await server.reloadFromRegistry(logger: startupLogger) {
                            startupLogger.info("serving set reloaded from the registry", metadata: ["production": .string(server.models.snapshot.production.bundle.version)])
                        }
                    } catch where !Task.isCancelled {
                        startupLogger.error("cannot reload the serving set from the registry", metadata: ["error": .string("\(error)")])
                    }
                }
            },
            Task { [campaigns] in _ = try? await campaigns?.run() },
            Task { [metrics = server.metrics] in
                // The latest `churnguard monitor` run, scoring freshness and the outbox as gauges,
                // re-read every 30 s (the alert rules allow for that lag).
                while !Task.isCancelled {
                    do {
                        if let gauges = try await MonitoringGauges.latest(in: store) { metrics.setMonitoring(gauges) }
                        metrics.setOperations(try await OperationsGauges.read(from: store))
                    } catch where !Task.isCancelled {
                        startupLogger.warning("cannot read the monitoring and operations gauges", metadata: ["error": .string("\(error)")])
                    }
                    do { try await Task.sleep(for: .seconds(30)) } catch { return }
                }
            },
            Task {
                guard let jobScheduler else { return }
                do {
                    try await jobScheduler.run()
                } catch where !Task.isCancelled {
                    startupLogger.error("the job scheduler stopped", metadata: ["error": .string("\(error)")])
                }
            },
            Task {
                guard let deliveryWorker else { return }
                while !Task.isCancelled {
                    do {
                        try await deliveryWorker.run(.forever(poll: 1))
                    } catch where !Task.isCancelled {
                        startupLogger.error("delivery worker stopped; restarting in 5 s", metadata: ["error": .string("\(error)")])
                        try? await Task.sleep(for: .seconds(5))
                    }
                }
            },
        ]
        let outcome: Result<Void, any Error>
        do {
            try await server.makeApplication().runService()
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // A clean stop: the background work ends before the store closes, so nothing reports the
        // store's shutdown as a failure.
        for task in background { task.cancel() }
        for task in background { _ = await task.result }
        try? await deliveryClient?.shutdown()
        startupLogger.info("stopped")
        try outcome.get()
    }

    private func campaignScheduler(store: ChurnStore, programFile: ProgramFile, logger: Logger) throws -> CampaignScheduler? {
        guard campaignSchedule else { return nil }
        do {
            var scheduler = try CampaignScheduler(store: store, program: programFile.program)
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
