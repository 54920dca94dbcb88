import ChurnStore
import Foundation
import Hummingbird

/// The dead letters of delivery for an admin (`churnguard dlq` over HTTP): `GET /admin/dlq`,
/// `POST /admin/dlq/replay`, `POST /admin/dlq/purge` (a body `{"ids": […]}` or `{"all": true,
/// "destination": "…"}`), and `POST /admin/destinations/{name}/enable`. Replays, purges and enabling
/// are audited with the token's subject.
struct DeadLetterRoutes: Sendable {
    let store: ChurnStore

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("dlq") { request, _ in
            let destination = request.uri.queryParameters["destination"].map(String.init)
            let after = try Self.integer(request, "after", default: 0, in: 0...Int.max)
            let limit = try Self.integer(request, "limit", default: 100, in: 1...1_000)
            let letters = try await store.outbox.deadLetters(destination: destination, after: after, limit: limit)
            return try JSONResponse.make(DeadLetterPage(deadLetters: letters.map(DeadLetterBody.init), next: letters.count == limit ? letters.last?.id : nil))
        }
        group.post("dlq/replay") { request, context in
            let selection = try await DeadLetterSelectionRequest.read(request, maxBytes: 1 << 20).selection
            let count = try await store.outbox.replay(selection, actor: context.subject ?? "admin")
            return try JSONResponse.make(DeadLettersChanged(replayed: count))
        }
        group.post("dlq/purge") { request, context in
            let selection = try await DeadLetterSelectionRequest.read(request, maxBytes: 1 << 20).selection
            let count = try await store.outbox.purge(selection, actor: context.subject ?? "admin")
            return try JSONResponse.make(DeadLettersChanged(purged: count))
        }
        group.post("destinations/:name/enable") { _, context in
            let name = try context.parameters.require("name")
            guard try await store.outbox.disabledDestinations()[name] != nil else {
                throw APIError(.notFound, code: "not_disabled", detail: "destination '\(name)' is not disabled", field: "name")
            }
            try await store.outbox.enableDestination(name, actor: context.subject ?? "admin")
            return Response(status: .noContent)
        }
    }

    static func integer(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.unprocessableContent, code: "invalid_field", detail: "\(name) must be a whole number in \(range.lowerBound)…\(range.upperBound)", field: name)
        }
        return number
    }
}
