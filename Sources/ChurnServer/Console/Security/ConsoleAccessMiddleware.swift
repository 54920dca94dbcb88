import ChurnStore
import Foundation
import Hummingbird

/// Guards a group of console pages: without a live session, 303 to the sign-in page (which
/// returns here afterwards); with a role the group does not allow, 403. A request that changes
/// something (any method but GET and HEAD) must carry the session's CSRF token in its form's
/// `csrf` field, else 403: a page of another site cannot post as the signed-in user.
struct ConsoleAccessMiddleware: RouterMiddleware {
    typealias Context = ChurnRequestContext
    let sessions: ConsoleSessions
    let allowed: Set<Role>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        guard let session = context.consoleSessionLookedUp ? context.consoleSession : try await sessions.current(request), let role = Role(rawValue: session.role) else {
            var target = request.uri.path
            if request.method == .get, let query = request.uri.query, !query.isEmpty { target += "?" + query }
            return ConsoleResponse.redirect(to: "/console/login?next=" + ConsoleFormat.component(target))
        }
        context.consoleSession = session
        context.subject = session.subject
        context.role = role
        guard allowed.contains(role) else {
            return ConsoleErrorPage.response(
                .forbidden, heading: "Not allowed",
                message: "Your role (\(role.rawValue)) may not open this page; it needs one of: \(allowed.map(\.rawValue).sorted().joined(separator: ", ")).",
                context: context)
        }
        if request.method != .get, request.method != .head {
            let body = try await request.body.collect(upTo: ServerLimits.maxBodyBytes(forPath: request.uri.path))
            let form = ConsoleForm.parse(Data(buffer: body), contentType: request.headers[.contentType])
            guard let form, ConsoleSessions.tokensMatch(form["csrf"], session.csrfToken) else {
                return ConsoleErrorPage.response(
                    .forbidden, heading: "Form expired",
                    message: "This form's security token is missing or out of date. Go back, reload the page and submit it again.",
                    context: context)
            }
            context.consoleForm = form
        }
        return try await next(request, context)
    }
}

/// The console's error page, in the layout, with the status it describes.
enum ConsoleErrorPage {
    struct Model {
        let heading: String
        let message: String
    }

    static func response(_ status: HTTPResponse.Status, heading: String, message: String, context: ChurnRequestContext) -> Response {
        let html = context.consoleSession == nil
            ? ConsoleRenderer.bare("error", title: heading, model: Model(heading: heading, message: message))
            : ConsoleRenderer.page("error", title: heading, model: Model(heading: heading, message: message), context: context, current: "")
        return ConsoleResponse.html(html, status: status)
    }
}
