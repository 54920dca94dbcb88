import HTTPTypes

/// The headers every response leaves with, API and console alike, unless the route set its own
/// (the console's pages set a policy for their stylesheet and images; its stylesheet may be cached):
/// no MIME sniffing, no framing, no referrer, nothing cached (answers carry scores and personal
/// data), a content policy that lets a JSON answer load nothing, and under TLS a year of HSTS.
enum SecurityHeaders {
    static let apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'"

    static func add(to headers: inout HTTPFields, overTLS: Bool) {
        func setIfAbsent(_ name: HTTPField.Name, _ value: String) {
            if headers[name] == nil { headers[name] = value }
        }
        setIfAbsent(.init("X-Content-Type-Options")!, "nosniff")
        setIfAbsent(.init("X-Frame-Options")!, "DENY")
        setIfAbsent(.init("Referrer-Policy")!, "no-referrer")
        setIfAbsent(.cacheControl, "no-store")
        setIfAbsent(.contentSecurityPolicy, apiContentSecurityPolicy)
        if overTLS { setIfAbsent(.strictTransportSecurity, "max-age=31536000") }
    }
}
