import Foundation
import HummingbirdTLS

/// HTTPS for the API: a server certificate chain and key (PEM), TLS 1.2 or later only, and, with a
/// client CA, mutual TLS: every connection must present a client certificate that CA signed, or the
/// handshake fails before any HTTP is read. Bearer tokens are still required on top.
public struct ServerTLS: Sendable {
    public var certificateChainPath: String
    public var privateKeyPath: String
    /// PEM file of the CA(s) that sign client certificates; nil serves TLS without client certificates.
    public var clientCAPath: String?

    public init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }

    public func makeConfiguration() throws -> TLSConfiguration {
        let chain = try Self.certificates(certificateChainPath, what: "--tls-cert")
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        } catch {
            throw ServerTLSError("cannot read the private key (--tls-key) \(privateKeyPath): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        if let clientCAPath {
            // On a server, any verification mode requires a client certificate; hostnames mean nothing for clients.
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try Self.certificates(clientCAPath, what: "--tls-client-ca"))
        }
        return configuration
    }

    private static func certificates(_ path: String, what: String) throws -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw ServerTLSError("cannot read \(what) \(path) as PEM certificates: \(error)")
        }
        guard !certificates.isEmpty else { throw ServerTLSError("\(what) \(path) holds no PEM certificate") }
        return certificates
    }
}

public struct ServerTLSError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
