/// The console's Mustache templates, compiled into the binary (so `churnguard` stays one file).
/// `{{x}}` escapes HTML; `{{{x}}}` is used only for SVG the server drew (``SVGChart``) and for the
/// page content the layout wraps.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "error": error, "login": login, "overview": overview, "at-risk": atRisk, "customer": customer,
        "predict": predict, "models": models, "model": model, "modelCompare": modelCompare, "confirm": confirm, "campaigns": campaigns, "campaign": campaign,
        "monitoring": monitoring, "delivery": delivery,
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ChurnGuard</title>
        <link rel="stylesheet" href="/console/static/console.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
        <a class="brand" href="/console">ChurnGuard</a>
        {{#signedIn}}
        <nav aria-label="Console pages"><ul>{{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}</ul></nav>
        <form class="signout" method="post" action="/console/logout"><input type="hidden" name="csrf" value="{{csrf}}"><span>{{subject}} · {{role}}</span> <button type="submit">Sign out</button></form>
        {{/signedIn}}
        </header>
        <main id="main">
        {{{content}}}
        </main>
        </body>
        </html>
        """

    static let error = """
        <h1>{{heading}}</h1>
        <p class="error">{{message}}</p>
        <p><a href="/console">Back to the overview</a></p>
        """

    static let login = """
        <h1>Sign in</h1>
        {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="/console/login" class="login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="next" value="{{next}}">
        <fieldset><legend>Console user</legend>
        <label for="username">User name</label><input id="username" name="username" autocomplete="username" value="{{username}}">
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
        </fieldset>
        <fieldset><legend>Or an API token</legend>
        <label for="token">Bearer token (JWT)</label><input id="token" name="token" autocomplete="off">
        </fieldset>
        <button type="submit">Sign in</button>
        </form>
        """
}
