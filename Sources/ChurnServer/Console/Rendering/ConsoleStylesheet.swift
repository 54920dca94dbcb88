/// The console's one stylesheet, served from `/console/static/console.css` (the CSP allows styles
/// from the console's own origin only, so there is no inline style anywhere).
enum ConsoleStylesheet {
    static let css = """
        :root { --ink: #1d232a; --muted: #5b6570; --line: #d7dce1; --accent: #b2182b; --bg: #f7f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px; z-index: 2; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: 16px; padding: 10px 24px; background: #fff; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; color: var(--accent); text-decoration: none; font-size: 18px; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0; }
        nav a { display: block; padding: 6px 10px; border-radius: 6px; color: var(--ink); text-decoration: none; }
        nav a:hover, nav a:focus { background: #eef1f4; }
        nav a[aria-current="page"] { background: var(--ink); color: #fff; }
        .signout { margin-left: auto; color: var(--muted); }
        main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 26px; margin: 8px 0 12px; }
        h2 { font-size: 19px; margin: 24px 0 8px; }
        .lead { font-size: 16px; }
        table { border-collapse: collapse; background: #fff; margin: 8px 0 16px; min-width: 50%; }
        caption { text-align: left; color: var(--muted); padding: 4px 0; }
        th, td { border: 1px solid var(--line); padding: 5px 9px; text-align: left; vertical-align: top; }
        thead th { background: #eef1f4; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.drifted td { background: #fdecea; }
        a { color: #1f5fa8; }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f4c26b; outline-offset: 1px; }
        form.filters, form.login, form.predict { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; background: #fff; padding: 12px; border: 1px solid var(--line); border-radius: 8px; }
        form.login { flex-direction: column; align-items: stretch; max-width: 420px; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; display: flex; flex-direction: column; gap: 4px; }
        form.predict .field { display: flex; flex-direction: column; min-width: 200px; }
        label { font-weight: 600; font-size: 13px; }
        .kind { font-weight: 400; color: var(--muted); }
        input, select { font: inherit; padding: 5px 7px; border: 1px solid #9aa5b1; border-radius: 5px; background: #fff; }
        .invalid input, .invalid select { border-color: var(--accent); border-width: 2px; }
        button, .button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--ink); background: var(--ink); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
        .error, .field-error { color: var(--accent); font-weight: 600; }
        .field-error { margin: 2px 0 0; font-size: 13px; }
        .pair { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        svg.chart { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
        code { background: #eef1f4; padding: 1px 4px; border-radius: 4px; }
        """
}
