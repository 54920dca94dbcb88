import ChurnModel

/// The OpenAPI 3.1 contract of the API, generated for the serving model so that the customer
/// object lists exactly the features the model reads (types, bounds, categories).
enum OpenAPIDocument {
    static func yaml(schema: FeatureSchema, modelVersion: String) -> String {
        var features = ""
        for feature in schema.features {
            features += "        \(feature.name):\n"
            switch feature.kind {
            case .numeric:
                features += "          type: [number, \"null\"]\n"
                if let minimum = feature.minimum { features += "          minimum: \(minimum)\n" }
                if let maximum = feature.maximum { features += "          maximum: \(maximum)\n" }
                if feature.minimum == nil { features += "          minimum: -1.0e15\n" }
                if feature.maximum == nil { features += "          maximum: 1.0e15\n" }
            case .boolean:
                features += "          type: [boolean, \"null\"]\n"
            case .categorical:
                if let categories = feature.categories {
                    features += "          enum: [" + (categories.map { quoted($0) } + ["null"]).joined(separator: ", ") + "]\n"
                } else {
                    features += "          type: [string, \"null\"]\n"
                }
            }
            if let description = feature.description { features += "          description: \(quoted(description))\n" }
        }
        return template
            .replacingOccurrences(of: "{{MODEL_VERSION}}", with: quoted(modelVersion))
            .replacingOccurrences(of: "{{FEATURES}}", with: features)
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default:
                if scalar.value < 0x20 { escaped += String(format: "\\x%02X", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return "\"\(escaped)\""
    }

    private static let template = """
        openapi: 3.1.0
        info:
          title: ChurnGuard API
          version: "1.0"
          description: >-
            Churn risk for customers over the next 90 days, with the reasons behind each score.
            Serving model {{MODEL_VERSION}}. Every route but /health, /ready, /metrics and /openapi.yaml
            needs an OAuth 2.0 bearer JWT; roles: scorer (predict), analyst (read), operator, admin.
            A request the server cannot answer within its timeout (serve --request-timeout, 30 s by
            default) is answered 503 with error request_timeout.
        servers:
          - url: /
        security:
          - bearer: []
        paths:
          /health:
            get:
              summary: The process is alive.
              security: []
              responses:
                "200":
                  description: Alive.
                  content:
                    application/json:
                      schema: {type: object, required: [status], properties: {status: {type: string}}}
          /ready:
            get:
              summary: A model is loaded; reports whether the database answers.
              security: []
              responses:
                "200":
                  description: Ready (or degraded, serving while predictions are spooled to disk).
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [status, model_version, database]
                        properties:
                          status: {type: string, enum: [ready, degraded]}
                          model_version: {type: string}
                          database: {type: string}
          /metrics:
            get:
              summary: Prometheus metrics.
              security: []
              responses:
                "200":
                  description: Prometheus text exposition format.
                  content:
                    text/plain:
                      schema: {type: string}
          /openapi.yaml:
            get:
              summary: This document.
              security: []
              responses:
                "200":
                  description: OpenAPI 3.1 YAML.
                  content:
                    application/yaml:
                      schema: {type: string}
          /api/v1/predict:
            post:
              summary: Score one customer or up to 1,000, with exact TreeSHAP reasons.
              description: >-
                Features a customer object leaves out are taken from the online feature store when the
                customer is known, else treated as missing (the model's learned default branch). Every
                served prediction is written to the predictions log before it is returned. When the registry
                has a canary, the customers its share covers (a stable hash of customer_id) are scored by it
                (model_version says which model answered); a shadow model is scored too, off the response
                path, and only logged. A request that takes longer than the server's timeout is answered 503
                request_timeout.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf:
                        - $ref: "#/components/schemas/CustomerFeatures"
                        - type: array
                          minItems: 1
                          maxItems: 1000
                          items: {$ref: "#/components/schemas/CustomerFeatures"}
              responses:
                "200":
                  description: One prediction per customer, in request order; an object for an object, an array for an array.
                  content:
                    application/json:
                      schema:
                        oneOf:
                          - $ref: "#/components/schemas/Prediction"
                          - type: array
                            items: {$ref: "#/components/schemas/Prediction"}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "415": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
                "503": {$ref: "#/components/responses/Error"}
          /api/v1/models:
            get:
              summary: Model versions.
              responses:
                "200":
                  description: The models.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [models]
                        properties:
                          models: {type: array, items: {$ref: "#/components/schemas/ModelSummary"}}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/models/{version}:
            get:
              summary: One model version.
              parameters:
                - {name: version, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: The model.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/ModelSummary"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/customers/{id}/risk:
            get:
              summary: The customer's current risk, its history and the recommended action (analyst, operator, admin).
              description: >-
                The latest logged prediction when the model now serving the customer (canary or production)
                made it and the stored features have not changed since; otherwise the customer is scored now
                from the online feature store and the prediction logged. Without stored features, the latest
                logged prediction of any model; 404 if none.
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, minLength: 1, maxLength: 128, pattern: "^[!-~]{1,128}$"}}
              responses:
                "200":
                  description: Latest risk and history from the predictions log.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [customer_id, churn_probability, churn_risk_level, action_code, recommended_action, model_version, scored_at, history]
                        properties:
                          customer_id: {type: string}
                          churn_probability: {type: number, minimum: 0, maximum: 1}
                          churn_risk_level: {type: string, enum: [LOW, MEDIUM, HIGH, CRITICAL]}
                          action_code: {type: string}
                          recommended_action: {type: string}
                          top_churn_feature: {type: string}
                          model_version: {type: string}
                          scored_at: {type: string, format: date-time}
                          as_of: {type: string}
                          reasons: {type: array, items: {type: object}}
                          history: {type: array, items: {type: object}}
                          campaign: {type: object, description: "the customer's candidacy in a campaign that has not expired: offer, channel, route, holdout, reasons"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/predictions/batch:
            post:
              summary: Queue a batch prediction job of up to 100,000 customers (scorer, admin).
              description: >-
                The body is validated in full before anything is queued, with the same 422 errors as
                /api/v1/predict (index says which customer); then the job is scored in the background, by
                the models serving when it was submitted, and every prediction logged. At most a few jobs
                are queued or running at once (429 job_queue_full with Retry-After beyond that); a finished
                job is kept for an hour (and only the most recent finished jobs), then answers 404.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: array
                      minItems: 1
                      maxItems: 100000
                      items: {$ref: "#/components/schemas/CustomerFeatures"}
              responses:
                "202":
                  description: Queued; poll status_url.
                  headers:
                    Location: {schema: {type: string}, description: The job's status URL.}
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [job_id, status, customers, status_url]
                        properties:
                          job_id: {type: string}
                          status: {type: string, enum: [queued, running, succeeded, failed]}
                          customers: {type: integer}
                          status_url: {type: string}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "415": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
                "503": {$ref: "#/components/responses/Error"}
          /api/v1/predictions/batch/{job_id}:
            get:
              summary: A batch job's status and progress (scorer, analyst, admin).
              parameters:
                - {name: job_id, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: The job.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/BatchJob"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/predictions/batch/{job_id}/results:
            get:
              summary: A finished batch job's predictions, a page at a time, in request order (scorer, analyst, admin).
              description: >-
                409 job_not_finished (with Retry-After) while the job is queued or running; 409 job_failed
                if it failed. A page past the end is empty.
              parameters:
                - {name: job_id, in: path, required: true, schema: {type: string}}
                - {name: page, in: query, required: false, schema: {type: integer, minimum: 1, default: 1}}
                - {name: page_size, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
              responses:
                "200":
                  description: One page of predictions.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [job_id, page, page_size, total, next, predictions]
                        properties:
                          job_id: {type: string}
                          page: {type: integer}
                          page_size: {type: integer}
                          total: {type: integer}
                          next: {type: [string, "null"], description: URL of the next page, null on the last.}
                          predictions: {type: array, items: {$ref: "#/components/schemas/Prediction"}}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /admin/models/{version}/promote:
            post:
              summary: Make a registered version the production model (admin); the swap is atomic.
              parameters:
                - {name: version, in: path, required: true, schema: {type: string}}
              requestBody:
                required: false
                content:
                  application/json:
                    schema: {type: object, properties: {reason: {type: string}}}
              responses:
                "200": {$ref: "#/components/responses/StageChanged"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /admin/models/rollback:
            post:
              summary: Restore the previous production model (admin).
              requestBody:
                required: false
                content:
                  application/json:
                    schema: {type: object, properties: {reason: {type: string}}}
              responses:
                "200": {$ref: "#/components/responses/StageChanged"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/campaigns:
            get:
              summary: Campaigns, newest first (analyst, operator, admin).
              parameters:
                - $ref: "#/components/parameters/Page"
                - $ref: "#/components/parameters/PageSize"
              responses:
                "200":
                  description: One page of campaigns.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [campaigns, page, page_size]
                        properties:
                          campaigns: {type: array, items: {$ref: "#/components/schemas/Campaign"}}
                          page: {type: integer}
                          page_size: {type: integer}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
            post:
              summary: Plan a campaign from the scores logged for a snapshot date and store its candidates (operator, admin).
              description: >-
                Runs a program the server knows (the built-in one unless `program_id` names another): filter chain,
                value, expected-value offer choice with Thompson sampling, routing, holdout. Candidates are
                stored with the program's time to live. For very large populations prefer `churnguard campaign run`.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [as_of]
                      additionalProperties: false
                      properties:
                        as_of: {type: string, format: date, description: "the snapshot date whose logged scores to plan from"}
                        program_id: {type: string, minLength: 1, maxLength: 128, pattern: "^[!-~]{1,128}$", description: "a program the server runs (default: the built-in program; serve --program FILE adds one)"}
                        campaign_id: {type: string, minLength: 1, maxLength: 128, pattern: "^[!-~]{1,128}$"}
              responses:
                "201":
                  description: The campaign planned and stored.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Campaign"}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "415": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/campaigns/{id}:
            get:
              summary: One campaign with its funnel, plan summary and results so far (analyst, operator, admin).
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: The campaign.
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: "#/components/schemas/Campaign"
                          - type: object
                            required: [results]
                            properties:
                              results: {$ref: "#/components/schemas/CampaignResults"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/campaigns/{id}/candidates:
            get:
              summary: A campaign's candidates, highest priority first, optionally one risk level, paged (analyst, operator, admin).
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: risk_level, in: query, required: false, schema: {type: string, enum: [LOW, MEDIUM, HIGH, CRITICAL]}}
                - {name: include_holdout, in: query, required: false, schema: {type: boolean}}
                - $ref: "#/components/parameters/Page"
                - $ref: "#/components/parameters/PageSize"
              responses:
                "200":
                  description: One page of candidates.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [campaign_id, page, page_size, total, candidates]
                        properties:
                          campaign_id: {type: string}
                          page: {type: integer}
                          page_size: {type: integer}
                          total: {type: integer}
                          next: {type: string}
                          candidates: {type: array, items: {$ref: "#/components/schemas/Candidate"}}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/feedback/outcome:
            post:
              summary: Record whether a campaign customer was retained (operator, admin); idempotent by outcome_id.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [outcome_id, campaign_id, customer_id, retained]
                      additionalProperties: false
                      properties:
                        outcome_id: {type: string, minLength: 1, maxLength: 128, pattern: "^[!-~]{1,128}$"}
                        campaign_id: {type: string, minLength: 1, maxLength: 128, pattern: "^[!-~]{1,128}$"}
                        customer_id: {type: string, minLength: 1, maxLength: 128, pattern: "^[!-~]{1,128}$"}
                        retained: {type: boolean}
                        observed_at: {type: string, format: date-time, description: "an RFC 3339 time (a YYYY-MM-DD date is accepted too); now when absent"}
              responses:
                "201": {$ref: "#/components/responses/OutcomeRecorded"}
                "200": {$ref: "#/components/responses/OutcomeRecorded"}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "415": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
          /api/v1/analytics/dashboard:
            get:
              summary: What campaigns achieved from recorded outcomes (analyst, operator, admin).
              parameters:
                - {name: campaign_id, in: query, required: false, schema: {type: string}}
              responses:
                "200":
                  description: Overall results and one line per campaign.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [overall, campaigns]
                        properties:
                          overall: {$ref: "#/components/schemas/CampaignResults"}
                          campaigns:
                            type: array
                            items:
                              type: object
                              required: [campaign_id, program_id, as_of, candidates, holdout, results]
                              properties:
                                campaign_id: {type: string}
                                program_id: {type: string}
                                as_of: {type: string}
                                candidates: {type: integer}
                                holdout: {type: integer}
                                results: {$ref: "#/components/schemas/CampaignResults"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "429": {$ref: "#/components/responses/Error"}
        components:
          parameters:
            Page: {name: page, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000000}}
            PageSize: {name: page_size, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000}}
          securitySchemes:
            bearer: {type: http, scheme: bearer, bearerFormat: JWT}
          responses:
            OutcomeRecorded:
              description: 201 when recorded now, 200 when this outcome was already recorded.
              content:
                application/json:
                  schema:
                    type: object
                    required: [outcome_id, campaign_id, customer_id, retained, status]
                    properties:
                      outcome_id: {type: string}
                      campaign_id: {type: string}
                      customer_id: {type: string}
                      retained: {type: boolean}
                      status: {type: string, enum: [recorded, already_recorded]}
            StageChanged:
              description: The version now serving and the one it replaced.
              content:
                application/json:
                  schema:
                    type: object
                    required: [version, stage, previous]
                    properties: {version: {type: string}, stage: {type: string}, previous: {type: string}}
            Error:
              description: The request cannot be served; `detail` says why, `field` and `index` say where.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
          schemas:
            Error:
              type: object
              required: [error, detail, field, index, trace_id]
              properties:
                error: {type: string}
                detail: {type: string}
                field: {type: [string, "null"]}
                index: {type: [integer, "null"]}
                trace_id: {type: string}
            CustomerFeatures:
              type: object
              required: [customer_id]
              additionalProperties: false
              properties:
                customer_id: {type: string, minLength: 1, maxLength: 128, pattern: "^[!-~]{1,128}$"}
        {{FEATURES}}
            Prediction:
              type: object
              required: [customer_id, churn_probability, churn_risk_level, action_code, top_churn_feature, reasons, model_version, prediction_id, scored_at]
              properties:
                customer_id: {type: string}
                churn_probability: {type: number, minimum: 0, maximum: 1}
                churn_risk_level: {type: string, enum: [LOW, MEDIUM, HIGH, CRITICAL]}
                action_code: {type: string, enum: [ACTION-LOW, ACTION-MEDIUM, ACTION-HIGH, ACTION-CRITICAL]}
                top_churn_feature: {type: string}
                reasons:
                  type: array
                  items:
                    type: object
                    required: [feature, value, contribution]
                    properties:
                      feature: {type: string}
                      value: {type: string}
                      contribution: {type: number, description: "TreeSHAP contribution to the log-odds of churn"}
                model_version: {type: string}
                prediction_id: {type: string, format: uuid}
                scored_at: {type: string, format: date-time}
            Campaign:
              type: object
              required: [campaign_id, program_id, as_of, created_at, expires_at, created_by, candidates, holdout]
              properties:
                campaign_id: {type: string}
                program_id: {type: string}
                as_of: {type: string}
                created_at: {type: string, format: date-time}
                expires_at: {type: string, format: date-time}
                created_by: {type: string}
                candidates: {type: integer}
                holdout: {type: integer}
                duration_seconds: {type: number}
                summary: {type: object, description: "funnel, segments, counts by risk level, offer and route, expected net value and cost"}
            Candidate:
              type: object
              required: [customer_id, risk_level, churn_probability, segment, offer_id, offer_type, channel, route, lifetime_value, expected_value, cost, priority, holdout, expires_at, reasons]
              properties:
                customer_id: {type: string}
                risk_level: {type: string, enum: [LOW, MEDIUM, HIGH, CRITICAL]}
                churn_probability: {type: number, minimum: 0, maximum: 1}
                segment: {type: string}
                offer_id: {type: string}
                offer_type: {type: string}
                channel: {type: string}
                route: {type: string, enum: [urgent, manual-review, auto-execute, monitor]}
                lifetime_value: {type: number}
                expected_value: {type: number}
                cost: {type: number}
                priority: {type: number}
                holdout: {type: boolean}
                expires_at: {type: string, format: date-time}
                reasons: {type: array, items: {type: string}}
            CampaignResults:
              type: object
              required: [outcomes, treated, control, retention_by_risk_level, retention_by_offer, campaign_cost, revenue_saved, roi, cost_per_retained_customer, lift_over_holdout]
              properties:
                outcomes: {type: integer}
                treated: {$ref: "#/components/schemas/RetentionRate"}
                control: {$ref: "#/components/schemas/RetentionRate"}
                retention_by_risk_level: {type: object, additionalProperties: {$ref: "#/components/schemas/RetentionRate"}}
                retention_by_offer: {type: object, additionalProperties: {$ref: "#/components/schemas/RetentionRate"}}
                campaign_cost: {type: number}
                revenue_saved: {type: number}
                roi: {type: [number, "null"]}
                cost_per_retained_customer: {type: [number, "null"]}
                lift_over_holdout:
                  type: [object, "null"]
                  properties: {lift: {type: number}, lower: {type: number}, upper: {type: number}, confidence: {type: number}}
            RetentionRate:
              type: object
              required: [customers, retained, retention_rate]
              properties:
                customers: {type: integer}
                retained: {type: integer}
                retention_rate: {type: number}
            BatchJob:
              type: object
              required: [job_id, status, customers, scored, created_at, started_at, finished_at, error, status_url, results_url]
              properties:
                job_id: {type: string}
                status: {type: string, enum: [queued, running, succeeded, failed]}
                customers: {type: integer}
                scored: {type: integer}
                created_at: {type: string, format: date-time}
                started_at: {type: [string, "null"], format: date-time}
                finished_at: {type: [string, "null"], format: date-time}
                error: {type: [string, "null"]}
                status_url: {type: string}
                results_url: {type: string}
            ModelSummary:
              type: object
              required: [version, stage, created_at]
              properties:
                version: {type: string}
                stage: {type: string}
                created_at: {type: string, format: date-time}
                metrics: {type: object, additionalProperties: {type: number}}
                canary_share: {type: number}
                features: {type: array, items: {type: object}}
                history: {type: array, items: {type: object}}

        """
}
