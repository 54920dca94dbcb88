import ChurnStore
import Foundation
import Hummingbird

/// `POST /console/delivery/replay` (admin, as `POST /admin/dlq/replay`): the dead letters ticked on
/// the delivery page (fields `id-N`), or all of a destination's (`all=yes`, `destination`), become
/// pending with a fresh budget and the same idempotency key, through the store call the admin API
/// uses (`Outbox.replay`), which writes the `outbox.replay` audit entry with the signed-in subject.
struct DeadLetterReplay: Sendable {
    let page: DeliveryPage
    /// As many as the admin API takes at once.
    static let maxIDs = 10_000

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.post("delivery/replay") { _, context in
            let form = context.consoleForm ?? ConsoleForm()
            let selection: Outbox.Selection
            if form["all"] == "yes" {
                let destination = (form["destination"] ?? "").trimmingCharacters(in: .whitespaces)
                selection = .all(destination: destination.isEmpty ? nil : destination)
            } else {
                // A checkbox per dead letter: the form parser keeps one value per name, so the id is in the name.
                let ids = form.fields.keys.compactMap { $0.hasPrefix("id-") ? Int($0.dropFirst(3)) : nil }.sorted()
                guard !ids.isEmpty else {
                    return try await page.render(context, notice: nil, error: "Select at least one dead letter to replay.", status: .unprocessableContent)
                }
                guard ids.count <= Self.maxIDs else {
                    return try await page.render(context, notice: nil, error: "Replay at most \(Self.maxIDs) dead letters at once.", status: .unprocessableContent)
                }
                selection = .ids(ids)
            }
            let count = try await page.store.outbox.replay(selection, actor: context.subject ?? "console")
            return ConsoleResponse.redirect(to: "/console/delivery?replayed=\(count)")
        }
    }
}
