import Foundation
import Testing
@testable import ChurnServer

/// HTTPS on loopback with certificates made for the test by the openssl CLI, probed with curl:
/// TLS 1.2+ only, and with a client CA, mutual TLS.
@Suite(.serialized) struct TLSTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA, plus a
    /// client certificate of another CA.
    static func certificates() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: directory + "/client.ext", atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=ChurnGuard Test CA"],
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=Other CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=crm-connector"],
            ["x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "2", "-extfile", "client.ext"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "stranger.key", "-out", "stranger.csr", "-subj", "/CN=stranger"],
            ["x509", "-req", "-in", "stranger.csr", "-CA", "other-ca.pem", "-CAkey", "other-ca.key", "-CAcreateserial", "-out", "stranger.pem", "-days", "2", "-extfile", "client.ext"],
        ]
        for step in steps {
            let run = try await runTool("openssl", step, in: directory)
            #expect(run.status == 0, "openssl \(step.joined(separator: " ")): \(run.errors)")
        }
        return directory
    }

    static func server(_ directory: String, mutual: Bool) async throws -> ChurnServer {
        let test = try await TestServer()
        var configuration = test.server.configuration
        configuration.tls = ServerTLS(
            certificateChainPath: directory + "/server.pem", privateKeyPath: directory + "/server.key",
            clientCAPath: mutual ? directory + "/ca.pem" : nil)
        return ChurnServer(configuration: configuration, production: test.server.models.snapshot.production.bundle)
    }

    /// `curl` against /health over HTTPS, trusting the test CA; returns its exit status and body.
    static func curl(_ port: Int, _ directory: String, _ extra: [String] = []) async throws -> ToolRun {
        try await runTool("curl", ["-sS", "--max-time", "30", "--cacert", directory + "/ca.pem"] + extra + ["https://127.0.0.1:\(port)/health"], in: directory)
    }

    @Test func mutualTLSNeedsAClientCertificateOfTheClientCA() async throws {
        let directory = try await Self.certificates()
        try await withRunningServer(try await Self.server(directory, mutual: true)) { port in
            let trusted = try await Self.curl(port, directory, ["--cert", "client.pem", "--key", "client.key"])
            #expect(trusted.status == 0, "\(trusted.errors)")
            #expect(trusted.output.contains("\"status\""))
            // TLS 1.2 is enough...
            #expect(try await Self.curl(port, directory, ["--cert", "client.pem", "--key", "client.key", "--tls-max", "1.2"]).status == 0)
            // ...1.1 is refused by the server (the client is allowed to offer it).
            let old = try await Self.curl(port, directory, ["--cert", "client.pem", "--key", "client.key", "--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT@SECLEVEL=0"])
            #expect(old.status != 0)
            #expect(try await Self.curl(port, directory).status != 0)
            #expect(try await Self.curl(port, directory, ["--cert", "stranger.pem", "--key", "stranger.key"]).status != 0)
            // Plain HTTP on the TLS port gets no answer.
            let plain = try await runTool("curl", ["-sS", "--max-time", "5", "http://127.0.0.1:\(port)/health"])
            #expect(plain.status != 0 || !plain.output.contains("\"status\""))
        }
    }

    @Test func tlsWithoutClientCAServesAnyClient() async throws {
        let directory = try await Self.certificates()
        try await withRunningServer(try await Self.server(directory, mutual: false)) { port in
            let run = try await Self.curl(port, directory)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains("\"status\""))
            // Over TLS every answer tells the browser to keep to HTTPS.
            let headers = try await Self.curl(port, directory, ["-D", "-", "-o", "/dev/null"])
            #expect(headers.output.lowercased().contains("strict-transport-security: max-age=31536000"), "\(headers.output)")
            #expect(try await Self.curl(port, directory, ["--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT@SECLEVEL=0"]).status != 0)
        }
    }

    @Test func unreadableCertificatesAreReportedAtStartup() async throws {
        let test = try await TestServer()
        var configuration = test.server.configuration
        configuration.tls = ServerTLS(certificateChainPath: "/nonexistent/server.pem", privateKeyPath: "/nonexistent/server.key")
        let server = ChurnServer(configuration: configuration, production: test.server.models.snapshot.production.bundle)
        #expect(throws: ServerTLSError.self) { _ = try server.makeApplication() }
    }
}
