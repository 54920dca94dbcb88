/// The routes of the API by path template, so that a known path with an unsupported method is
/// answered 405 with `Allow` (the router alone can only say 404).
enum KnownRoutes {
    static let routes: [(path: String, template: [Substring], methods: String)] = [
        ("/health", "GET"), ("/ready", "GET"), ("/metrics", "GET"), ("/openapi.yaml", "GET"),
        ("/api/v1/predict", "POST"), ("/api/v1/models", "GET"), ("/api/v1/models/{version}", "GET"), ("/api/v1/customers/{id}/risk", "GET"),
        ("/api/v1/campaigns", "GET, POST"), ("/api/v1/campaigns/{id}", "GET"), ("/api/v1/campaigns/{id}/candidates", "GET"),
        ("/api/v1/feedback/outcome", "POST"), ("/api/v1/analytics/dashboard", "GET"),
        ("/api/v1/predictions/batch", "POST"), ("/api/v1/predictions/batch/{job_id}", "GET"),
        ("/api/v1/predictions/batch/{job_id}/results", "GET"),
        ("/admin/models/{version}/promote", "POST"), ("/admin/models/rollback", "POST"),
    ].map { ($0.0, $0.0.split(separator: "/"), $0.1) }

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
