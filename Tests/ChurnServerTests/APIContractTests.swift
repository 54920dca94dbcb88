import ChurnModel
import ChurnStore
import Foundation
import Hummingbird
import Testing
@testable import ChurnServer

/// The routes are listed once, in `Resources/openapi.yaml`: the router must register exactly the
/// document's operations, no more and no fewer, with the same methods. The web console's routes
/// (`/console…`) are HTML pages for browsers, not API: they are left out of the comparison here,
/// explicitly, and the document must not list any.
@Suite struct APIContractTests {
    @Test func theRouterRegistersExactlyTheDocumentedOperations() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)").path
        let store = try await ChurnStore.open(StoreConfiguration.resolve(home: home, environment: [:]))
        var test = try await TestServer()
        // With a store, every route group is registered.
        test.server.store = store
        let router = test.server.makeRouter()
        try await store.shutdown()
        let all = Set(router.routes.map { route in
            // Hummingbird prints a captured segment as `:name` (or `{name}`); the document uses `{name}`.
            let path = "/" + route.path.description.split(separator: "/").map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(route.method.rawValue) \(path)"
        })
        let console = all.filter { $0.split(separator: " ")[1].hasPrefix("/console") }
        #expect(console.contains("GET /console") && console.contains("POST /console/login"), "the console is registered with a store")
        let registered = all.subtracting(console)
        let documented = Set(OpenAPIDocument.operations.map { "\($0.method) \($0.path)" })
        #expect(!documented.isEmpty)
        #expect(registered.subtracting(documented).sorted() == [], "registered but not in openapi.yaml")
        #expect(documented.subtracting(registered).sorted() == [], "in openapi.yaml but not registered")
        #expect(!documented.contains { $0.split(separator: " ")[1].hasPrefix("/console") }, "console pages are not API operations")
    }

    @Test func knownRoutesComeFromTheDocument() {
        #expect(KnownRoutes.methods(forPath: "/api/v1/campaigns") == "GET, POST")
        #expect(KnownRoutes.template(forPath: "/api/v1/customers/c-1/risk") == "/api/v1/customers/{id}/risk")
        #expect(KnownRoutes.template(forPath: "/admin/customers/c-1/erase") == "/admin/customers/{id}/erase")
        #expect(KnownRoutes.methods(forPath: "/admin/customers/c-1/export") == "GET")
        #expect(KnownRoutes.template(forPath: "/api/v1/nothing") == nil)
    }
}
