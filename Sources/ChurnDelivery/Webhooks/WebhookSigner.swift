import Crypto
import Foundation

/// Signs webhook requests per the Standard Webhooks specification: the signed content is
/// `id.timestamp.body`, the signature `v1,` + base64(HMAC-SHA256(secret, content)). A `whsec_`
/// secret is base64 after its prefix; any other secret is used as its UTF-8 bytes. With several
/// secrets (a rotation) the header carries one signature per secret, space-separated, so receivers
/// holding either secret accept the request.
public struct WebhookSigner: Sendable {
    private let keys: [SymmetricKey]

    public init(secrets: [String]) {
        keys = secrets.map { secret in
            if secret.hasPrefix("whsec_"), let data = Data(base64Encoded: String(secret.dropFirst(6))) {
                return SymmetricKey(data: data)
            }
            return SymmetricKey(data: Data(secret.utf8))
        }
    }

    /// The `webhook-signature` header value.
    public func signature(id: String, timestamp: Int, body: some DataProtocol) -> String {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        return keys.map { key in
            "v1," + Data(HMAC<SHA256>.authenticationCode(for: content, using: key)).base64EncodedString()
        }.joined(separator: " ")
    }

    /// Whether `header` carries a valid signature of the content by one of this signer's secrets
    /// (what a receiver checks; comparisons in constant time).
    public func verify(header: String, id: String, timestamp: Int, body: some DataProtocol) -> Bool {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        let offered = header.split(separator: " ").compactMap { part -> Data? in
            guard part.hasPrefix("v1,") else { return nil }
            return Data(base64Encoded: String(part.dropFirst(3)))
        }
        return keys.contains { key in
            offered.contains { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: content, using: key) }
        }
    }
}
