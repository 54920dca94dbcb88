/// The routes of the API by path template, so that a known path with an unsupported method is
/// answered 405 with `Allow` (the router alone can only say 404).
enum KnownRoutes {
    static let routes: [(template: [Substring], methods: String)] = [
        ("/health", "GET"), ("/ready", "GET"), ("/metrics", "GET"), ("/openapi.yaml", "GET"),
        ("/api/v1/predict", "POST"), ("/api/v1/models", "GET"), ("/api/v1/models/{version}", "GET"), ("/api/v1/customers/{id}/risk", "GET"),
        ("/api/v1/campaigns", "GET, POST"), ("/api/v1/campaigns/{id}", "GET"), ("/api/v1/campaigns/{id}/candidates", "GET"),
        ("/api/v1/feedback/outcome", "POST"), ("/api/v1/analytics/dashboard", "GET"),
        ("/admin/models/{version}/promote", "POST"), ("/admin/models/rollback", "POST"),
    ].map { ($0.0.split(separator: "/"), $0.1) }

    static func methods(forPath path: String) -> String? {
        let segments = path.split(separator: "/")
        for route in routes where route.template.count == segments.count {
            if zip(route.template, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return route.methods }
        }
        return nil
    }
}
