extension ConsoleTemplates {
    static let overview = """
        <h1>Overview</h1>
        {{^day}}<p>No batch scores yet. Run <code>churnguard score --as-of DAY</code>, then come back.</p>{{/day}}
        {{#day}}
        <p class="lead">Scoring day <strong>{{day}}</strong>: <strong>{{scored}}</strong> customers scored, <strong>{{atRisk}}</strong> of them HIGH or CRITICAL.</p>
        <section aria-labelledby="tiers"><h2 id="tiers">Customers by tier</h2>
        <table><caption>Served scores of {{day}} by tier; revenue from campaign {{campaignID}}</caption>
        <thead><tr><th scope="col">Tier</th><th scope="col">Customers</th><th scope="col">Lifetime value in campaign</th><th scope="col">Expected loss (p × value)</th></tr></thead>
        <tbody>{{#tiers}}<tr><th scope="row"><a href="/console/at-risk?tier={{tier}}">{{tier}}</a></th><td class="num">{{customers}}</td><td class="num">{{value}}</td><td class="num">{{loss}}</td></tr>{{/tiers}}</tbody>
        </table>
        {{{tierChart}}}
        </section>
        <section aria-labelledby="trend"><h2 id="trend">Trend across scoring days</h2>{{{trendChart}}}</section>
        <section aria-labelledby="reasons"><h2 id="reasons">Top reasons among HIGH and CRITICAL customers</h2>
        {{^hasReasons}}<p>No reasons were logged for that day.</p>{{/hasReasons}}{{{reasonChart}}}</section>
        {{/day}}
        """

    static let atRisk = """
        <h1>At risk</h1>
        <form method="get" action="/console/at-risk" class="filters">
        <label for="tier">Tier</label><select id="tier" name="tier">{{#tierOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/tierOptions}}</select>
        <label for="segment">Segment</label><input id="segment" name="segment" value="{{segment}}">
        <label for="offer">Offer</label><input id="offer" name="offer" value="{{offer}}">
        <label for="route">Route</label><input id="route" name="route" value="{{route}}">
        <label for="sort">Sort</label><select id="sort" name="sort">{{#sortOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sortOptions}}</select>
        <button type="submit">Filter</button>
        </form>
        <p>{{source}} <a href="{{csvHref}}">Download this filter as CSV</a></p>
        {{^rows}}<p>No customers match.</p>{{/rows}}
        {{#hasRows}}
        <table><caption>{{caption}}</caption>
        <thead><tr><th scope="col">Customer</th><th scope="col">Probability</th><th scope="col">Tier</th><th scope="col">Top reason</th><th scope="col">Segment</th><th scope="col">Offer</th><th scope="col">Route</th><th scope="col">Model</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{customerID}}</a></td><td class="num">{{probability}}</td><td>{{tier}}</td><td>{{reason}}</td><td>{{segment}}</td><td>{{offer}}</td><td>{{route}}</td><td>{{model}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/hasRows}}
        {{#nextHref}}<p><a rel="next" href="{{nextHref}}">Next page</a></p>{{/nextHref}}
        """

    static let customer = """
        <h1>Customer {{customerID}}</h1>
        {{#current}}<p class="lead">Latest score <strong>{{probability}}</strong> ({{tier}}) by model {{model}}{{#asOf}} for {{asOf}}{{/asOf}}.</p>{{/current}}
        {{^current}}<p>No prediction has been logged for this customer.</p>{{/current}}
        <section aria-labelledby="why"><h2 id="why">Why: reasons of this score</h2>
        {{^hasWaterfall}}<p>No explanation was logged with this score.</p>{{/hasWaterfall}}{{{waterfall}}}
        {{#hasReasons}}<table><caption>Reasons (SHAP contributions, log-odds)</caption><thead><tr><th scope="col">Feature</th><th scope="col">Value</th><th scope="col">Contribution</th></tr></thead>
        <tbody>{{#reasons}}<tr><td>{{feature}}</td><td>{{value}}</td><td class="num">{{contribution}}</td></tr>{{/reasons}}</tbody></table>{{/hasReasons}}
        </section>
        <section aria-labelledby="history"><h2 id="history">Score history</h2>
        {{{historyChart}}}
        <table><caption>Most recent first</caption><thead><tr><th scope="col">Scored at</th><th scope="col">Day</th><th scope="col">Probability</th><th scope="col">Tier</th><th scope="col">Model</th><th scope="col">Served by</th></tr></thead>
        <tbody>{{#history}}<tr><td>{{at}}</td><td>{{asOf}}</td><td class="num">{{probability}}</td><td>{{tier}}</td><td>{{model}}</td><td>{{servedBy}}</td></tr>{{/history}}</tbody></table>
        </section>
        <section aria-labelledby="features"><h2 id="features">Features</h2>
        {{^features}}<p>No stored features.</p>{{/features}}
        {{#hasFeatures}}<table><caption>Stored snapshot {{featuresAsOf}}, beside the customers the production model was trained on</caption><thead><tr><th scope="col">Feature</th><th scope="col">Value</th><th scope="col">Among training customers</th></tr></thead>
        <tbody>{{#features}}<tr><td>{{name}}</td><td>{{value}}</td><td>{{#percentile}}<meter min="0" max="100" value="{{percentile}}"></meter> {{/percentile}}{{population}}</td></tr>{{/features}}</tbody></table>{{/hasFeatures}}
        </section>
        <section aria-labelledby="campaigns"><h2 id="campaigns">Campaign decisions, offers and outcomes</h2>
        {{^decisions}}<p>This customer has not been in a campaign.</p>{{/decisions}}
        {{#hasDecisions}}<table><thead><tr><th scope="col">Campaign</th><th scope="col">Day</th><th scope="col">Decision</th><th scope="col">Offer</th><th scope="col">Channel</th><th scope="col">Expected value</th><th scope="col">Outcome</th><th scope="col">Delivery</th></tr></thead>
        <tbody>{{#decisions}}<tr><td><a href="{{campaignHref}}">{{campaignID}}</a></td><td>{{asOf}}</td><td>{{route}}</td><td>{{offer}}</td><td>{{channel}}</td><td class="num">{{expectedValue}}</td><td>{{outcome}}</td><td>{{delivery}}</td></tr>{{/decisions}}</tbody></table>{{/hasDecisions}}
        </section>
        """
}
