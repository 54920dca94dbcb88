import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads an identity provider's JWKS from a file or an http(s) URL (at startup, and again on each
/// refresh while serving).
enum JWKSSource {
    static func read(_ location: String) async throws -> String {
        if location.hasPrefix("https://") || location.hasPrefix("http://") {
            guard let url = URL(string: location) else { throw TokenSetupError("--jwks \(location) is not a valid URL") }
            var request = URLRequest(url: url)
            request.timeoutInterval = 10
            let (data, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                throw TokenSetupError("fetching the JWKS from \(location) answered \((response as? HTTPURLResponse)?.statusCode ?? 0), expected 200")
            }
            return String(decoding: data, as: UTF8.self)
        }
        guard let data = FileManager.default.contents(atPath: location) else { throw TokenSetupError("cannot read the JWKS file \(location)") }
        return String(decoding: data, as: UTF8.self)
    }
}
