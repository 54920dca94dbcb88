extension ConsoleTemplates {
    static let campaigns = """
        <h1>Campaigns</h1>
        {{^campaigns}}<p>No campaigns yet. Operators plan one with <code>churnguard campaign run</code> or <code>POST /api/v1/campaigns</code>.</p>{{/campaigns}}
        {{#hasCampaigns}}<table><caption>Newest first</caption>
        <thead><tr><th scope="col">Campaign</th><th scope="col">Program</th><th scope="col">Day</th><th scope="col">Candidates</th><th scope="col">Holdout</th><th scope="col">Outcomes</th><th scope="col">Retention (treated / holdout)</th><th scope="col">Lift</th></tr></thead>
        <tbody>{{#campaigns}}<tr><td><a href="{{href}}">{{campaignID}}</a></td><td>{{programID}}</td><td>{{asOf}}</td><td class="num">{{candidates}}</td><td class="num">{{holdout}}</td><td class="num">{{outcomes}}</td><td>{{retention}}</td><td>{{lift}}</td></tr>{{/campaigns}}</tbody></table>{{/hasCampaigns}}
        {{#canRun}}<section aria-labelledby="plan-one"><h2 id="plan-one">Plan a campaign</h2>
        {{#runError}}<p class="error" role="alert">{{runError}}</p>{{/runError}}
        <form method="post" action="/console/campaigns" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="as_of">Scoring day</label><input id="as_of" name="as_of" value="{{asOf}}">
        <label for="program_id">Program</label><select id="program_id" name="program_id">{{#programs}}<option value="{{.}}">{{.}}</option>{{/programs}}</select>
        <label for="campaign_id">Campaign id (optional)</label><input id="campaign_id" name="campaign_id">
        <button type="submit">Plan the campaign</button>
        </form></section>{{/canRun}}
        {{#canRecordOutcomes}}<section aria-labelledby="outcomes-upload"><h2 id="outcomes-upload">Record outcomes</h2>
        {{#upload}}<div role="status"><p class="lead">{{summary}}</p>{{#hasFailures}}<ul class="error">{{#failures}}<li>{{.}}</li>{{/failures}}</ul>{{#more}}<p>{{more}}</p>{{/more}}{{/hasFailures}}</div>{{/upload}}
        <p>A CSV with the header <code>outcome_id,campaign_id,customer_id,retained</code> and optionally <code>observed_at</code>, as for <code>churnguard campaign outcomes</code>; a file sent again records nothing new.</p>
        <form method="post" action="/console/campaigns/outcomes" enctype="multipart/form-data" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="outcomes-file">Outcomes CSV</label><input id="outcomes-file" name="file" type="file" accept=".csv,text/csv">
        <button type="submit">Upload outcomes</button>
        </form></section>{{/canRecordOutcomes}}
        """

    static let campaign = """
        <h1>Campaign {{campaignID}}</h1>
        <p class="lead">Program {{programID}}, scoring day {{asOf}}, planned by {{createdBy}} at {{createdAt}}.</p>
        <section aria-labelledby="funnel"><h2 id="funnel">Funnel</h2>{{{funnelChart}}}</section>
        <section aria-labelledby="results"><h2 id="results">Results</h2>
        {{^results}}<p>No outcomes recorded yet (<code>POST /api/v1/feedback/outcome</code> or <code>churnguard campaign outcomes</code>).</p>{{/results}}
        {{#results}}<table><thead><tr><th scope="col">Measure</th><th scope="col">Value</th></tr></thead><tbody>{{#lines}}<tr><td>{{name}}</td><td class="num">{{value}}</td></tr>{{/lines}}</tbody></table>{{/results}}
        </section>
        <section aria-labelledby="plan"><h2 id="plan">Plan (highest priority first)</h2>
        <table><thead><tr><th scope="col">Customer</th><th scope="col">Tier</th><th scope="col">Segment</th><th scope="col">Decision</th><th scope="col">Offer</th><th scope="col">Channel</th><th scope="col">Expected value</th></tr></thead>
        <tbody>{{#plan}}<tr><td><a href="{{href}}">{{customerID}}</a></td><td>{{tier}}</td><td>{{segment}}</td><td>{{route}}</td><td>{{offer}}</td><td>{{channel}}</td><td class="num">{{expectedValue}}</td></tr>{{/plan}}</tbody></table>
        <p><a href="{{atRiskHref}}">All of this campaign's customers on the at-risk page</a></p>
        </section>
        """

    static let monitoring = """
        <h1>Monitoring</h1>
        {{^runs}}<p>No monitoring runs yet. Run <code>churnguard monitor --as-of DAY</code>.</p>{{/runs}}
        {{#latest}}
        <p class="lead">Latest run for {{asOf}} (model {{model}}): <strong>{{status}}</strong>; {{drifted}} of {{features}} features drifted{{#datasetDrift}}, dataset drift{{/datasetDrift}}; estimated ROC-AUC {{estimated}}, realized {{realized}}.{{#outcomes}} Churn so far: {{outcomes}}.{{/outcomes}}</p>
        <section aria-labelledby="drift"><h2 id="drift">Feature drift</h2>{{{featureChart}}}
        <table><thead><tr><th scope="col">Feature</th><th scope="col">Test</th><th scope="col">Statistic</th><th scope="col">Threshold</th><th scope="col">Drifted</th><th scope="col">PSI</th></tr></thead>
        <tbody>{{#featureRows}}<tr{{#drifted}} class="drifted"{{/drifted}}><td>{{feature}}</td><td>{{test}}</td><td class="num">{{statistic}}</td><td class="num">{{threshold}}</td><td>{{driftedText}}</td><td class="num">{{psi}}</td></tr>{{/featureRows}}</tbody></table>
        </section>
        {{/latest}}
        {{#hasRuns}}<section aria-labelledby="runs"><h2 id="runs">Runs</h2><div class="pair">{{{rocChart}}}{{{trendChart}}}</div>
        <table><thead><tr><th scope="col">Day</th><th scope="col">Model</th><th scope="col">Status</th><th scope="col">Drift share</th><th scope="col">Estimated ROC-AUC</th><th scope="col">Realized ROC-AUC</th><th scope="col">Run at</th></tr></thead>
        <tbody>{{#runs}}<tr><td>{{asOf}}</td><td>{{model}}</td><td>{{status}}</td><td class="num">{{driftShare}}</td><td class="num">{{estimated}}</td><td class="num">{{realized}}</td><td>{{createdAt}}</td></tr>{{/runs}}</tbody></table></section>{{/hasRuns}}
        """

    static let delivery = """
        <h1>Delivery</h1>
        {{#notice}}<p class="lead" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <section aria-labelledby="outbox"><h2 id="outbox">Outbox by destination</h2>
        {{^destinations}}<p>Nothing has been queued for delivery.</p>{{/destinations}}
        {{#hasDestinations}}<table><thead><tr><th scope="col">Destination</th><th scope="col">Pending</th><th scope="col">Leased</th><th scope="col">Delivered</th><th scope="col">Dead</th><th scope="col">Oldest waiting</th><th scope="col">Disabled</th>{{#canReplay}}<th scope="col">Replay</th>{{/canReplay}}</tr></thead>
        <tbody>{{#destinations}}<tr><td>{{name}}</td><td class="num">{{pending}}</td><td class="num">{{leased}}</td><td class="num">{{delivered}}</td><td class="num">{{dead}}</td><td>{{oldest}}</td><td>{{disabled}}</td>{{#canReplay}}<td>{{#hasDead}}<form method="post" action="/console/delivery/replay"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="all" value="yes"><input type="hidden" name="destination" value="{{name}}"><button type="submit">Replay all {{dead}} of {{name}}</button></form>{{/hasDead}}</td>{{/canReplay}}</tr>{{/destinations}}</tbody></table>{{/hasDestinations}}
        </section>
        <section aria-labelledby="dead"><h2 id="dead">Dead letters</h2>
        {{^deadLetters}}<p>No dead letters.</p>{{/deadLetters}}
        {{#hasDeadLetters}}{{#canReplay}}<form method="post" action="/console/delivery/replay"><input type="hidden" name="csrf" value="{{csrf}}">{{/canReplay}}
        <table><thead><tr>{{#canReplay}}<th scope="col">Replay</th>{{/canReplay}}<th scope="col">Id</th><th scope="col">Destination</th><th scope="col">Kind</th><th scope="col">Key</th><th scope="col">Attempts</th><th scope="col">Last status</th><th scope="col">Last error</th></tr></thead>
        <tbody>{{#deadLetters}}<tr>{{#canReplay}}<td><input type="checkbox" id="replay-{{id}}" name="id-{{id}}" value="1" aria-label="Replay dead letter {{id}}"></td>{{/canReplay}}<td>{{id}}</td><td>{{destination}}</td><td>{{kind}}</td><td>{{key}}</td><td class="num">{{attempts}}</td><td>{{status}}</td><td>{{error}}</td></tr>{{/deadLetters}}</tbody></table>
        {{#canReplay}}<p><button type="submit">Replay the selected dead letters</button> They become pending with a fresh budget and the same webhook-id; the replay is audited.</p></form>{{/canReplay}}
        {{^canReplay}}<p>An admin replays them here or with <code>churnguard dlq replay</code>.</p>{{/canReplay}}{{/hasDeadLetters}}
        {{#nextHref}}<p><a rel="next" href="{{nextHref}}">More dead letters</a></p>{{/nextHref}}
        </section>
        """
}
