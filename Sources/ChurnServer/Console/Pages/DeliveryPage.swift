import ChurnStore
import Foundation
import Hummingbird

/// `GET /console/delivery` (readers): the outbox per destination (pending, leased, delivered, dead,
/// the oldest waiting message, destinations a receiver retired) and the dead letters, a page at a
/// time (`after=` the last id); for admins, the forms that replay them (``DeadLetterReplay``).
struct DeliveryPage: Sendable {
    let store: ChurnStore
    static let pageSize = 50

    struct Destination {
        let name: String
        let pending: String
        let leased: String
        let delivered: String
        let dead: String
        let oldest: String
        let disabled: String
        let hasDead: Bool
    }

    struct DeadLetter {
        let id: Int
        let destination: String
        let kind: String
        let key: String
        let attempts: Int
        let status: String
        let error: String
    }

    struct Model {
        let destinations: [Destination]
        let hasDestinations: Bool
        let deadLetters: [DeadLetter]
        let hasDeadLetters: Bool
        let nextHref: String?
        let canReplay: Bool
        let csrf: String
        let notice: String?
        let error: String?
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("delivery") { request, context in
            let replayed = request.uri.queryParameters["replayed"].flatMap { Int($0) }
            let notice = replayed.map { "\(ConsoleFormat.count($0)) dead letter\($0 == 1 ? "" : "s") set to pending with a fresh budget; the delivery worker sends them again." }
            let after = request.uri.queryParameters["after"].flatMap { Int($0) } ?? 0
            return try await render(context, after: after, notice: notice, error: nil, status: .ok)
        }
    }

    /// The page; `notice` says what the last replay did, `error` why it was refused.
    func render(_ context: ChurnRequestContext, after: Int = 0, notice: String?, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let disabled = try await store.outbox.disabledDestinations()
        let destinations = try await store.outbox.depth().map { depth in
            Destination(
                name: depth.destination, pending: ConsoleFormat.count(depth.pending), leased: ConsoleFormat.count(depth.leased),
                delivered: ConsoleFormat.count(depth.delivered), dead: ConsoleFormat.count(depth.dead),
                oldest: depth.oldestWaiting.map(ConsoleFormat.time) ?? "—", disabled: disabled[depth.destination] ?? "", hasDead: depth.dead > 0)
        }
        let dead = try await store.outbox.deadLetters(after: after, limit: Self.pageSize)
        let letters = dead.map { message in
            DeadLetter(id: message.id, destination: message.destination, kind: message.kind, key: message.idempotencyKey, attempts: message.attempts,
                       status: message.lastStatus.map(String.init) ?? "—", error: String((message.lastError ?? "").prefix(300)))
        }
        let model = Model(
            destinations: destinations, hasDestinations: !destinations.isEmpty, deadLetters: letters, hasDeadLetters: !letters.isEmpty,
            nextHref: dead.count == Self.pageSize ? "/console/delivery?after=\(dead.last!.id)" : nil,
            canReplay: context.role == .admin, csrf: context.consoleSession?.csrfToken ?? "", notice: notice, error: error)
        return ConsoleResponse.html(ConsoleRenderer.page("delivery", title: "Delivery", model: model, context: context, current: "/console/delivery"), status: status)
    }
}
