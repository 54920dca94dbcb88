import ChurnServices
import ChurnStore
import Foundation
import Hummingbird

/// `GET/POST /console/login` and `POST /console/logout`. Sign-in takes an API token (verified as
/// the API verifies bearer tokens; the session ends when the token expires) or a console user's
/// name and password (PBKDF2, checked off the cooperative pool). Attempts are limited per client
/// address (``attempts``), successful or not, so passwords cannot be guessed at line rate.
struct LoginPage: Sendable {
    let sessions: ConsoleSessions
    let attempts: RateLimiter

    struct Model {
        let csrf: String
        let next: String
        let username: String
        let message: String?
    }

    func add(to router: Router<ChurnRequestContext>) {
        router.get("console/login") { request, _ in
            if try await sessions.current(request) != nil {
                return ConsoleResponse.redirect(to: ConsoleResponse.safeReturnPath(request.uri.queryParameters["next"].map(String.init)))
            }
            return form(next: request.uri.queryParameters["next"].map(String.init), username: "", message: nil, status: .ok)
        }
        router.post("console/login") { request, context in
            try await signIn(request, context: context)
        }
        router.post("console/logout") { request, _ in
            // Signing out needs the session's CSRF token too: another site must not sign a user out.
            guard let session = try await sessions.current(request) else { return ConsoleResponse.redirect(to: "/console/login") }
            let body = try await request.body.collect(upTo: ServerLimits.maxBodyBytes)
            let form = ConsoleForm.parse(Data(buffer: body), contentType: request.headers[.contentType])
            guard ConsoleSessions.tokensMatch(form?["csrf"], session.csrfToken) else {
                return ConsoleResponse.html(ConsoleRenderer.bare("error", title: "Form expired", model: ConsoleErrorPage.Model(
                    heading: "Form expired", message: "Reload the page and sign out again.")), status: .forbidden)
            }
            var response = ConsoleResponse.redirect(to: "/console/login")
            response.setCookie(try await sessions.close(request))
            return response
        }
    }

    private func signIn(_ request: Request, context: ChurnRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: ServerLimits.maxSignInBodyBytes)
        let form = ConsoleForm.parse(Data(buffer: body), contentType: request.headers[.contentType]) ?? ConsoleForm()
        let next = form["next"]
        let username = String((form["username"] ?? "").prefix(64))
        if let wait = attempts.acquire(client: context.clientAddress) {
            var response = self.form(next: next, username: username, message: "Too many sign-in attempts from this address; wait \(Int(wait.rounded(.up))) seconds and try again.", status: .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
            return response
        }
        guard ConsoleSessions.tokensMatch(form["csrf"], request.cookies[ConsoleSessions.loginCookieName]?.value) else {
            return self.form(next: next, username: username, message: "The sign-in form expired; please try again.", status: .forbidden)
        }
        let subject: String
        let role: Role
        var until: Date? = nil
        if let token = form["token"]?.trimmingCharacters(in: .whitespaces), !token.isEmpty {
            do {
                let claims = try await sessions.verifier.verify(token)
                subject = claims.sub.value
                role = claims.role
                until = claims.exp.value
            } catch {
                context.logger.info("console sign-in refused", metadata: ["reason": .string("token: \(error.description)")])
                return self.form(next: next, username: username, message: "That token was refused: \(error.description).", status: .unauthorized)
            }
        } else {
            let password = form["password"] ?? ""
            let user = username.isEmpty ? nil : try await sessions.store.consoleAccounts.user(named: username)
            // An unknown name costs the same KDF as a wrong password.
            let stored = user?.passwordHash ?? ConsolePassword.decoy
            let matches = await Self.offPool { ConsolePassword.verify(password, against: stored) }
            guard let user, matches, let userRole = Role(rawValue: user.role) else {
                context.logger.info("console sign-in refused", metadata: ["reason": "name or password"])
                return self.form(next: next, username: username, message: "The user name or password is wrong.", status: .unauthorized)
            }
            subject = user.username
            role = userRole
        }
        let destination = role == .scorer ? "/console/predict" : ConsoleResponse.safeReturnPath(next)
        var response = ConsoleResponse.redirect(to: destination)
        response.setCookie(try await sessions.open(subject: subject, role: role, until: until))
        response.setCookie(sessions.cookie(ConsoleSessions.loginCookieName, value: "", maxAge: 0))
        // A sign-in is audited; a failed audit write does not refuse the sign-in it records.
        _ = try? await sessions.store.auditLog.append(AuditEntry(actor: subject, action: "console.sign_in", target: "console", detailsJSON: "{\"role\":\"\(role.rawValue)\"}"))
        return response
    }

    /// The sign-in form with a fresh double-submit CSRF token.
    private func form(next: String?, username: String, message: String?, status: HTTPResponse.Status) -> Response {
        let token = ConsoleSessions.randomToken()
        let model = Model(csrf: token, next: ConsoleResponse.safeReturnPath(next), username: username, message: message)
        var response = ConsoleResponse.html(ConsoleRenderer.bare("login", title: "Sign in", model: model), status: status)
        response.setCookie(sessions.cookie(ConsoleSessions.loginCookieName, value: token, maxAge: 3_600))
        return response
    }

    /// Runs a slow CPU-bound check on a global queue, keeping the server's cooperative threads free.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
