import Foundation
import Mustache

/// Renders the console's pages: a page's Mustache template with its model, inside the layout
/// (header, navigation for the signed-in role, sign-out form). Mustache's `{{name}}` escapes HTML,
/// so every value from the store renders as text; only SVG the console drew itself
/// (``SVGChart``, which escapes its labels) is inserted raw with `{{{…}}}`.
struct ConsoleRenderer: Sendable {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            // The templates are compiled in and covered by tests: one that does not parse is a bug.
            do { try library.register(text, named: name) } catch { fatalError("console template \(name): \(error)") }
        }
        return library
    }()

    /// One entry of the navigation.
    struct NavItem {
        let href: String
        let label: String
        let current: Bool
    }

    /// What the layout shows around a page.
    struct Layout {
        let title: String
        let content: String
        let signedIn: Bool
        let subject: String
        let role: String
        let csrf: String
        let nav: [NavItem]
    }

    /// The pages in the navigation, most used first, each with the roles that may open it.
    static let pages: [(href: String, label: String, roles: Set<Role>)] = [
        ("/console", "Overview", ConsoleRoles.readers),
        ("/console/at-risk", "At risk", ConsoleRoles.readers),
        ("/console/campaigns", "Campaigns", ConsoleRoles.readers),
        ("/console/predict", "Predict", ConsoleRoles.scorers),
        ("/console/models", "Models", ConsoleRoles.readers),
        ("/console/monitoring", "Monitoring", ConsoleRoles.readers),
        ("/console/delivery", "Delivery", ConsoleRoles.readers),
    ]

    /// Renders `template` with `model` inside the layout for `context`'s session.
    static func page(_ template: String, title: String, model: Any, context: ChurnRequestContext, current: String) -> String {
        let content = library.render(model, withTemplate: template) ?? ""
        let role = context.role
        let nav = pages.filter { role.map($0.roles.contains) ?? false }
            .map { NavItem(href: $0.href, label: $0.label, current: $0.href == current) }
        let layout = Layout(
            title: title, content: content, signedIn: context.consoleSession != nil, subject: context.subject ?? "",
            role: role?.rawValue ?? "", csrf: context.consoleSession?.csrfToken ?? "", nav: nav)
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    /// A page without a session (sign-in, errors before sign-in).
    static func bare(_ template: String, title: String, model: Any) -> String {
        let content = library.render(model, withTemplate: template) ?? ""
        return library.render(Layout(title: title, content: content, signedIn: false, subject: "", role: "", csrf: "", nav: []), withTemplate: "layout") ?? ""
    }
}

/// Which roles may open which console pages: as in the API (analysts read, operators run
/// campaigns and record outcomes, admins promote, scorers score).
enum ConsoleRoles {
    static let readers: Set<Role> = [.analyst, .operator, .admin]
    static let scorers: Set<Role> = [.scorer, .admin]
    static let operators: Set<Role> = [.operator, .admin]
    static let admins: Set<Role> = [.admin]
}
