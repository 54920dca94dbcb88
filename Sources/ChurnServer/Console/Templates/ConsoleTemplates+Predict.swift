extension ConsoleTemplates {
    static let predict = """
        <h1>Predict</h1>
        <p>Model {{model}}. Fields left empty are filled from the customer's stored features when there are any.</p>
        {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
        <form method="post" action="/console/predict" class="predict" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#fields}}
        <div class="field{{#error}} invalid{{/error}}">
        <label for="f-{{name}}">{{name}} <span class="kind">({{kind}}{{#range}}, {{range}}{{/range}})</span></label>
        {{#isBoolean}}<select id="f-{{name}}" name="{{name}}"{{#error}} aria-invalid="true" aria-describedby="e-{{name}}"{{/error}}><option value=""></option><option value="true"{{#isTrue}} selected{{/isTrue}}>true</option><option value="false"{{#isFalse}} selected{{/isFalse}}>false</option></select>{{/isBoolean}}
        {{^isBoolean}}<input id="f-{{name}}" name="{{name}}" value="{{value}}"{{#isNumber}} inputmode="decimal"{{/isNumber}}{{#error}} aria-invalid="true" aria-describedby="e-{{name}}"{{/error}}>{{/isBoolean}}
        {{#error}}<p class="field-error" id="e-{{name}}">{{error}}</p>{{/error}}
        </div>
        {{/fields}}
        <button type="submit">Score</button>
        </form>
        {{#result}}
        <section aria-labelledby="result"><h2 id="result">Result for {{customerID}}</h2>
        <p class="lead">Churn probability <strong>{{probability}}</strong>, tier <strong>{{tier}}</strong>, model {{model}} ({{servedBy}}).</p>
        {{{waterfall}}}
        </section>
        {{/result}}
        <section aria-labelledby="batch"><h2 id="batch">Batch: upload a CSV</h2>
        <p>One customer per line with a <code>customer_id</code> column and any of the model's features as columns; at most {{maxRows}} rows. The scored file downloads when every line is valid; otherwise the lines in error are listed here.</p>
        {{#hasBatchErrors}}<div role="alert"><p class="error">{{batchSummary}}</p><ul class="line-errors">{{#batchErrors}}<li>{{.}}</li>{{/batchErrors}}</ul></div>{{/hasBatchErrors}}
        <form method="post" action="/console/predict/batch" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="csv">CSV file</label><input id="csv" name="file" type="file" accept=".csv,text/csv">
        <button type="submit">Score the file</button>
        </form>
        </section>
        """
}
