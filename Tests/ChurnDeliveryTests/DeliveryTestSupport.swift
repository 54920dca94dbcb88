import AsyncHTTPClient
import ChurnDelivery
import ChurnStore
import Foundation

/// A real SQLite store in a fresh directory, a delivery configuration pointing at a local receiver,
/// and an HTTP client, torn down whatever happens.
enum DeliveryTestSupport {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    static func hook(port: Int, maxAttempts: Int = 8, timeout: Double = 60, rateLimit: Double? = nil) -> DestinationConfiguration {
        DestinationConfiguration(
            name: "hooks", kind: .webhook, url: URL(string: "http://127.0.0.1:\(port)/hook")!, secrets: [secret],
            retry: RetryPolicy(maxAttempts: maxAttempts, baseSeconds: 0.01, capSeconds: 0.1), rateLimit: rateLimit, timeoutSeconds: timeout)
    }

    static func drafts(_ count: Int, destination: String = "hooks") -> [OutboxMessageDraft] {
        (0..<count).map {
            OutboxMessageDraft(destination: destination, kind: "retention.action", idempotencyKey: "cp-1/c\($0)/offer",
                               payloadJSON: #"{"type":"retention.action","data":{"customer_id":"c\#($0)"}}"#)
        }
    }

    static func withStore<T: Sendable>(_ body: (ChurnStore) async throws -> T) async throws -> T {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]))
        do {
            let value = try await body(store)
            try await store.shutdown()
            return value
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    static func withClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let client = DeliveryHTTPClient.make(concurrency: 8)
        do {
            let value = try await body(client)
            try await client.shutdown()
            return value
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

struct SimulatedCrash: Error {}
