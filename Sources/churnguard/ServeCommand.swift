import ArgumentParser
import ChurnModel
import ChurnServer
import Foundation
import Hummingbird

/// `churnguard serve`: the HTTP API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve predictions over HTTP: POST /api/v1/predict with JWT auth, metrics, health and the OpenAPI contract.",
        discussion: """
            Routes: POST /api/v1/predict, GET /api/v1/models[/{version}], GET /health, /ready, /metrics, /openapi.yaml.
            Tokens: see `churnguard token --help`. Logs are JSON lines on standard output.

            Example:
              churnguard serve --bundle demo/model --port 8080
            """
    )

    @Option(name: .long, help: "Model bundle to serve.")
    var bundle: String

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = 8080

    @Option(name: .long, help: "Data directory (default: CHURNGUARD_HOME or ./churnguard-data).")
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
        let model = try ModelBundle.load(from: bundle)
        let verifier = try await ServerSecrets.verifier(home: DataHome.resolve(home), createSecret: true)
        var configuration = ChurnServer.Configuration(verifier: verifier)
        configuration.host = host
        configuration.port = port
        configuration.requestsPerSecond = rateLimit
        configuration.burst = burst
        let server = ChurnServer(configuration: configuration, production: model)
        StandardError.print("serving model \(model.version) on http://\(host):\(port)")
        try await server.makeApplication().runService()
    }
}
