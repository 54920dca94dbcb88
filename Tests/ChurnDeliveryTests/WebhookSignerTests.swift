import ChurnDelivery
import Foundation
import Testing

/// Standard Webhooks signatures: the specification's reference vector, rotation, tampering.
@Suite struct WebhookSignerTests {
    // The test vector of the Standard Webhooks reference libraries.
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp = 1_614_265_330
    static let body = Array(#"{"test": 2432232314}"#.utf8)

    @Test func matchesTheReferenceVector() {
        let signature = WebhookSigner(secrets: [Self.secret]).signature(id: Self.id, timestamp: Self.timestamp, body: Self.body)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func rotationSignsWithEverySecretAndEitherVerifies() {
        let both = WebhookSigner(secrets: [Self.secret, "whsec_b2xkLXNlY3JldA=="]).signature(id: Self.id, timestamp: Self.timestamp, body: Self.body)
        let parts = both.split(separator: " ")
        #expect(parts.count == 2 && parts[0] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(WebhookSigner(secrets: ["whsec_b2xkLXNlY3JldA=="]).verify(header: both, id: Self.id, timestamp: Self.timestamp, body: Self.body))
        #expect(WebhookSigner(secrets: [Self.secret]).verify(header: both, id: Self.id, timestamp: Self.timestamp, body: Self.body))
        #expect(!WebhookSigner(secrets: ["whsec_b3RoZXI="]).verify(header: both, id: Self.id, timestamp: Self.timestamp, body: Self.body))
    }

    @Test func anyChangeBreaksTheSignature() {
        let signer = WebhookSigner(secrets: [Self.secret])
        let header = signer.signature(id: Self.id, timestamp: Self.timestamp, body: Self.body)
        #expect(!signer.verify(header: header, id: Self.id, timestamp: Self.timestamp + 1, body: Self.body))
        #expect(!signer.verify(header: header, id: "msg_other", timestamp: Self.timestamp, body: Self.body))
        #expect(!signer.verify(header: header, id: Self.id, timestamp: Self.timestamp, body: Array(#"{"test": 2432232315}"#.utf8)))
    }
}
