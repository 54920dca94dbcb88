extension ConsoleTemplates {
    static let models = """
        <h1>Models</h1>
        <table><caption>Registered versions, newest first</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Stage</th><th scope="col">ROC-AUC</th><th scope="col">Registered</th><th scope="col">Reason</th></tr></thead>
        <tbody>{{#versions}}<tr><td><a href="{{href}}">{{version}}</a></td><td>{{stage}}</td><td class="num">{{rocAUC}}</td><td>{{createdAt}}</td><td>{{reason}}</td></tr>{{/versions}}</tbody>
        </table>
        {{^versions}}<p>The registry is empty.</p>{{/versions}}
        {{#canRollback}}<p><a class="button" href="/console/models/rollback">Roll back production…</a></p>{{/canRollback}}
        {{#canCompare}}<section aria-labelledby="compare"><h2 id="compare">Compare two versions</h2>
        <form method="get" action="/console/models/compare" class="filters">
        <label for="a">Version</label><select id="a" name="a">{{#firstOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/firstOptions}}</select>
        <label for="b">with</label><select id="b" name="b">{{#secondOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/secondOptions}}</select>
        <button type="submit">Compare</button>
        </form></section>{{/canCompare}}
        """

    static let model = """
        <h1>Model {{version}}</h1>
        <p class="lead">Stage <strong>{{stage}}</strong>{{#canary}}, canary share {{canary}}{{/canary}}. Registered {{createdAt}}.</p>
        {{#canPromote}}<p><a class="button" href="{{promoteHref}}">Promote to production…</a> <a href="{{canaryHref}}">Make it the canary…</a> <a href="{{shadowHref}}">Make it the shadow…</a></p>{{/canPromote}}
        {{#compareHref}}<p><a href="{{compareHref}}">Compare with production</a></p>{{/compareHref}}
        <section aria-labelledby="metrics"><h2 id="metrics">Evaluation</h2>
        {{^metrics}}<p>The registry holds no metrics for this version.</p>{{/metrics}}
        {{#hasMetrics}}<table><thead><tr><th scope="col">Metric</th><th scope="col">Value</th></tr></thead><tbody>{{#metrics}}<tr><td>{{name}}</td><td class="num">{{value}}</td></tr>{{/metrics}}</tbody></table>{{/hasMetrics}}
        </section>
        <section aria-labelledby="curves"><h2 id="curves">ROC and precision-recall curves</h2>
        {{^hasCurves}}<p>No curves are stored for this version: it was registered before the registry kept them, or without an evaluation (the areas are above).</p>{{/hasCurves}}
        <div class="pair">{{{rocChart}}}{{{precisionRecallChart}}}</div>
        </section>
        <section aria-labelledby="calibration"><h2 id="calibration">Calibration</h2>
        {{^hasReliability}}<p>No reliability bins: the bundle has no evaluation.</p>{{/hasReliability}}
        {{{reliabilityChart}}}
        </section>
        <section aria-labelledby="importance"><h2 id="importance">Feature importance (share of gain)</h2>
        {{^hasImportance}}<p>The bundle records no feature importance.</p>{{/hasImportance}}{{{importanceChart}}}
        </section>
        <section aria-labelledby="history"><h2 id="history">Stage history</h2>
        <table><thead><tr><th scope="col">When</th><th scope="col">From</th><th scope="col">To</th><th scope="col">By</th><th scope="col">Reason</th></tr></thead>
        <tbody>{{#history}}<tr><td>{{at}}</td><td>{{from}}</td><td>{{to}}</td><td>{{actor}}</td><td>{{reason}}</td></tr>{{/history}}</tbody></table>
        </section>
        """

    static let modelCompare = """
        <h1>Compare {{#first}}{{version}}{{/first}} and {{#second}}{{version}}{{/second}}</h1>
        <p class="lead">{{#first}}<a href="{{href}}">{{version}}</a> ({{stage}}){{/first}} against {{#second}}<a href="{{href}}">{{version}}</a> ({{stage}}){{/second}}, each on its own evaluation data.</p>
        <form method="get" action="/console/models/compare" class="filters">
        <label for="a">Version</label><select id="a" name="a">{{#firstOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/firstOptions}}</select>
        <label for="b">with</label><select id="b" name="b">{{#secondOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/secondOptions}}</select>
        <button type="submit">Compare</button>
        </form>
        <section aria-labelledby="figures"><h2 id="figures">Evaluation</h2>
        {{^rows}}<p>The registry holds no metrics for either version.</p>{{/rows}}
        <table><thead><tr><th scope="col">Metric</th><th scope="col">{{#first}}{{version}}{{/first}}</th><th scope="col">{{#second}}{{version}}{{/second}}</th><th scope="col">Difference ({{#second}}{{version}}{{/second}} − {{#first}}{{version}}{{/first}})</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{name}}</td><td class="num">{{first}}</td><td class="num">{{second}}</td><td class="num">{{difference}}</td></tr>{{/rows}}</tbody></table>
        </section>
        <section aria-labelledby="curves"><h2 id="curves">ROC and precision-recall curves</h2>
        {{#missingCurves}}<p>No curves are stored for {{.}}: it was registered before the registry kept them.</p>{{/missingCurves}}
        <div class="pair">{{{rocChart}}}{{{precisionRecallChart}}}</div>
        </section>
        <section aria-labelledby="calibration"><h2 id="calibration">Calibration</h2>
        {{^hasReliability}}<p>Neither bundle has reliability bins (no evaluation).</p>{{/hasReliability}}
        <div class="pair">{{#first}}{{{reliabilityChart}}}{{/first}}{{#second}}{{{reliabilityChart}}}{{/second}}</div>
        </section>
        """

    /// The confirmation step of promote and roll back: the action is a POST from this page only.
    static let confirm = """
        <h1>{{heading}}</h1>
        <p>{{message}}</p>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{action}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#asksShare}}<label for="share">Share of customers the canary answers for (%)</label><input id="share" name="share" value="{{share}}" inputmode="decimal">{{/asksShare}}
        <label for="reason">Reason (recorded in the audit log)</label><input id="reason" name="reason" maxlength="500">
        <button type="submit" name="confirm" value="yes">{{button}}</button> <a href="{{cancelHref}}">Cancel</a>
        </form>
        """
}
