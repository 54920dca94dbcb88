extension ConsoleTemplates {
    static let models = """
        <h1>Models</h1>
        <table><caption>Registered versions, newest first</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Stage</th><th scope="col">ROC-AUC</th><th scope="col">Registered</th><th scope="col">Reason</th></tr></thead>
        <tbody>{{#versions}}<tr><td><a href="{{href}}">{{version}}</a></td><td>{{stage}}</td><td class="num">{{rocAUC}}</td><td>{{createdAt}}</td><td>{{reason}}</td></tr>{{/versions}}</tbody>
        </table>
        {{^versions}}<p>The registry is empty.</p>{{/versions}}
        {{#canRollback}}<p><a class="button" href="/console/models/rollback">Roll back production…</a></p>{{/canRollback}}
        """

    static let model = """
        <h1>Model {{version}}</h1>
        <p class="lead">Stage <strong>{{stage}}</strong>{{#canary}}, canary share {{canary}}{{/canary}}. Registered {{createdAt}}.</p>
        {{#canPromote}}<p><a class="button" href="{{promoteHref}}">Promote to production…</a></p>{{/canPromote}}
        <section aria-labelledby="metrics"><h2 id="metrics">Evaluation</h2>
        {{^metrics}}<p>The registry holds no metrics for this version.</p>{{/metrics}}
        {{#hasMetrics}}<table><thead><tr><th scope="col">Metric</th><th scope="col">Value</th></tr></thead><tbody>{{#metrics}}<tr><td>{{name}}</td><td class="num">{{value}}</td></tr>{{/metrics}}</tbody></table>{{/hasMetrics}}
        </section>
        <section aria-labelledby="curves"><h2 id="curves">Calibration</h2>
        {{^hasReliability}}<p>No reliability bins: the bundle has no evaluation (ROC and precision-recall curves are not stored in bundles, only their areas above).</p>{{/hasReliability}}
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

    /// The confirmation step of promote and roll back: the action is a POST from this page only.
    static let confirm = """
        <h1>{{heading}}</h1>
        <p>{{message}}</p>
        <form method="post" action="{{action}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="reason">Reason (recorded in the audit log)</label><input id="reason" name="reason" maxlength="500">
        <button type="submit" name="confirm" value="yes">{{button}}</button> <a href="{{cancelHref}}">Cancel</a>
        </form>
        """
}
