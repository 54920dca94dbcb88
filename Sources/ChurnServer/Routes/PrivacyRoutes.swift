import ChurnStore
import Foundation
import Hummingbird

/// `GET /admin/customers/{id}/export` and `POST /admin/customers/{id}/erase` (admin only): a
/// customer's rights of access and erasure over HTTP, as `churnguard privacy` does. Both are
/// audited by the store under the token's subject, with a request id and counts but never the
/// customer's id; the request log does not carry the id either (the route is a template).
struct PrivacyRoutes: Sendable {
    let store: ChurnStore

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("customers/:id/export") { _, context in
            let id = try context.parameters.require("id")
            try PredictionRequestParser.checkCustomerID(id, index: nil)
            let export = try await store.customerData.export(customerID: id, actor: context.subject ?? "admin")
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: try export.jsonDocument())))
        }
        group.post("customers/:id/erase") { _, context in
            let id = try context.parameters.require("id")
            try PredictionRequestParser.checkCustomerID(id, index: nil)
            let erasure = try await store.customerData.erase(customerID: id, actor: context.subject ?? "admin")
            return try JSONResponse.make(ErasureResult(erasure))
        }
    }
}
