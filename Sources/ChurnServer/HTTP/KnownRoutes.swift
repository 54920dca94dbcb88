/// The routes of the API by path template, so that a known path with an unsupported method is
/// answered 405 with `Allow` (the router alone can only say 404).
enum KnownRoutes {
    /// From the OpenAPI document, the one place the routes are listed.
    static let routes: [(path: String, template: [Substring], methods: String)] = {
        var methods: [String: [String]] = [:]
        var order: [String] = []
        for operation in OpenAPIDocument.operations {
            if methods[operation.path] == nil { order.append(operation.path) }
            methods[operation.path, default: []].append(operation.method)
        }
        return order.map { ($0, $0.split(separator: "/"), methods[$0]!.sorted().joined(separator: ", ")) }
    }()

    static func methods(forPath path: String) -> String? {
        route(forPath: path)?.methods
    }

    /// The template a concrete path matches (`/api/v1/customers/{id}/risk`), for metric labels that
    /// must not carry ids; nil for unknown paths.
    static func template(forPath path: String) -> String? {
        route(forPath: path)?.path
    }

    private static func route(forPath path: String) -> (path: String, template: [Substring], methods: String)? {
        let segments = path.split(separator: "/")
        for route in routes where route.template.count == segments.count {
            if zip(route.template, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return route }
        }
        return nil
    }
}
