import ChurnDelivery
import ChurnServices
import Foundation
import Prometheus

/// The Prometheus metrics the spec names, in one registry that `GET /metrics` renders:
/// `churnguard_api_request_total{endpoint,status}`, `churnguard_inference_latency_seconds`,
/// `churnguard_prediction_count{churn_risk_level}`, `churnguard_model_version{version}`.
public final class ServerMetrics: ScoringMetrics {
    public let registry = PrometheusCollectorRegistry()
    private let inferenceLatency: DurationHistogram

    private static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "churnguard", metricName: "api_request", unitName: "total", helpText: "API requests by route and HTTP status") }
    /// A histogram named `churnguard_prediction`, so its count series is the spec's
    /// `churnguard_prediction_count{churn_risk_level}` while the exposition stays valid for promtool
    /// (which refuses a plain counter ending in `_count`); the buckets add the probability distribution.
    private static var predictions: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "churnguard", metricName: "prediction", unitName: "",
        helpText: "Served predictions by risk level: _count is the number served, buckets the calibrated churn probability") }
    private static let probabilityBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    private static var modelVersion: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "churnguard", metricName: "model", unitName: "version", helpText: "Active model version (1 = serving)") }

    public init() {
        inferenceLatency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "churnguard", metricName: "inference_latency", unitName: "seconds",
                helpText: "Time to validate, score and explain the customers of one prediction request"),
            buckets: [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2_500),
                      .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .seconds(1)])
    }

    public func recordRequest(endpoint: String, status: Int) {
        registry.makeCounter(descriptor: Self.requests, labels: [("endpoint", endpoint), ("status", String(status))]).increment()
    }

    public func recordInference(_ duration: Duration) {
        inferenceLatency.record(duration)
    }

    public func recordPrediction(riskLevel: String, probability: Double) {
        registry.makeValueHistogram(descriptor: Self.predictions, labels: [("churn_risk_level", riskLevel)], buckets: Self.probabilityBuckets)
            .record(probability)
    }

    /// Shadow predictions skipped because the shadow queue was full (see ``ShadowScoringQueue``).
    public func recordShadowDropped(_ customers: Int) {
        registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "shadow_dropped", unitName: "total",
            helpText: "Customers whose shadow prediction was skipped because the shadow queue was full")).increment(by: Int64(customers))
    }

    /// Marks `version` as the active model (1) and any previously active one as inactive (0).
    public func setModelVersion(_ version: String, previous: String? = nil) {
        if let previous, previous != version {
            registry.makeGauge(descriptor: Self.modelVersion, labels: [("version", previous)]).set(to: 0.0)
        }
        registry.makeGauge(descriptor: Self.modelVersion, labels: [("version", version)]).set(to: 1.0)
    }

    /// Batches of served predictions waiting in the local spool for the database.
    public func setSpoolDepth(_ batches: Int) {
        registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "prediction_spool", unitName: "batches",
            helpText: "Batches of served predictions waiting in the local spool for the database")).set(to: Double(batches))
    }

    /// Open client connections (the cap is `serve --max-connections`).
    func setOpenConnections(_ count: Int) {
        registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "connections", unitName: "open",
            helpText: "Open client connections")).set(to: Double(count))
    }

    /// A connection the server closed: past its idle, header, body or write timeout, shed at the
    /// cap to make room, or refused at the cap.
    func recordConnectionClosed(_ reason: ConnectionRegistry.Closure) {
        registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "connections_closed", unitName: "total",
            helpText: "Client connections the server closed: timed out (idle, header, body, write), shed or refused at the cap"),
            labels: [("reason", reason.rawValue)]).increment()
    }

    /// The latest monitoring run (`churnguard monitor`): `churnguard_feature_drift{feature,method}`
    /// (the method's value: a p-value or a distance) and `churnguard_feature_drift_detected` (its
    /// verdict), `churnguard_dataset_drift_share`, `churnguard_dataset_drift` (1 when the dataset
    /// drifted), `churnguard_score_drift_detected`, `churnguard_estimated_roc_auc`, the model's
    /// `churnguard_reference_roc_auc` and, once labels exist, `churnguard_realized_roc_auc` and
    /// `churnguard_concept_drift`. The alert rules in `deploy/prometheus/` read these.
    public func setMonitoring(_ gauges: MonitoringGauges) {
        let featureDrift = MetricNameDescriptor(
            namespace: "churnguard", metricName: "feature_drift", unitName: "",
            helpText: "Drift of each feature in the latest monitoring run: the value of its method (p-value or distance)")
        let featureDrifted = MetricNameDescriptor(
            namespace: "churnguard", metricName: "feature_drift", unitName: "detected",
            helpText: "1 when the feature drifted in the latest monitoring run (its method's value crossed its threshold)")
        for feature in gauges.features {
            let labels = [("feature", feature.name), ("method", feature.method)]
            registry.makeGauge(descriptor: featureDrift, labels: labels).set(to: feature.value)
            registry.makeGauge(descriptor: featureDrifted, labels: labels).set(to: feature.drifted ? 1.0 : 0.0)
        }
        setGauge("dataset_drift_share", "Share of features that drifted in the latest monitoring run", gauges.datasetDriftShare)
        setGauge("dataset_drift", "1 when the latest monitoring run found dataset drift", gauges.datasetDrift ? 1 : 0)
        if let runAt = gauges.runAt {
            setGauge("monitoring_last_run_timestamp_seconds", "When the latest monitoring run was made (Unix time)", runAt.timeIntervalSince1970)
        }
        if let drifted = gauges.scoreDrift {
            setGauge("score_drift_detected", "1 when the score distribution drifted in the latest monitoring run", drifted ? 1 : 0)
        }
        if let auc = gauges.estimatedROCAUC {
            setGauge("estimated_roc_auc", "ROC-AUC estimated from the calibrated probabilities (CBPE) in the latest monitoring run", auc)
        }
        if let auc = gauges.realizedROCAUC {
            setGauge("realized_roc_auc", "ROC-AUC realized once the horizon passed, in the latest monitoring run", auc)
        }
        if let auc = gauges.referenceROCAUC {
            setGauge("reference_roc_auc", "The production model's calibrated test ROC-AUC, which estimated and realized figures are held to", auc)
        }
        if let churners = gauges.expectedChurners {
            setGauge("expected_churners", "Customers of the monitored day expected to churn within the horizon (sum of calibrated probabilities)", churners)
        }
        if let risk = gauges.risk {
            let customers = MetricNameDescriptor(namespace: "churnguard", metricName: "scored", unitName: "customers",
                                                 helpText: "Customers of the monitored scoring day by risk tier")
            let revenue = MetricNameDescriptor(namespace: "churnguard", metricName: "monthly_revenue", unitName: "",
                                               helpText: "Monthly revenue of the monitored day's customers by risk tier (where known)")
            for tier in risk.tiers {
                registry.makeGauge(descriptor: customers, labels: [("churn_risk_level", tier.level)]).set(to: Double(tier.customers))
                registry.makeGauge(descriptor: revenue, labels: [("churn_risk_level", tier.level)]).set(to: tier.monthlyRevenue)
            }
            setGauge("expected_monthly_revenue_loss", "Monthly revenue expected to churn within the horizon (sum of probability x revenue)", risk.expectedMonthlyRevenueLoss)
        }
        if let drifted = gauges.conceptDrift {
            setGauge("concept_drift", "1 when the realized ROC-AUC fell by the concept-drift threshold (0.03) or more below the test figure", drifted ? 1 : 0)
        }
    }

    /// Freshness and delivery: `churnguard_last_scoring_timestamp_seconds` and, per destination,
    /// `churnguard_delivery_waiting_messages`, `churnguard_delivery_dead_letters`,
    /// `churnguard_delivery_oldest_waiting_age_seconds`.
    public func setOperations(_ gauges: OperationsGauges) {
        if let finished = gauges.lastScoringFinishedAt {
            setGauge("last_scoring_timestamp_seconds", "When the latest successful batch scoring run finished (Unix time)", finished.timeIntervalSince1970)
        }
        let waiting = MetricNameDescriptor(namespace: "churnguard", metricName: "delivery_waiting", unitName: "messages",
                                           helpText: "Outbox messages pending or leased, by destination")
        let dead = MetricNameDescriptor(namespace: "churnguard", metricName: "delivery_dead", unitName: "letters",
                                        helpText: "Outbox messages given up on (dead letters), by destination")
        let oldest = MetricNameDescriptor(namespace: "churnguard", metricName: "delivery_oldest_waiting_age", unitName: "seconds",
                                          helpText: "Age of the oldest outbox message still waiting, by destination (0 when none waits)")
        for destination in gauges.destinations {
            let labels = [("destination", destination.name)]
            registry.makeGauge(descriptor: waiting, labels: labels).set(to: Double(destination.waiting))
            registry.makeGauge(descriptor: dead, labels: labels).set(to: Double(destination.dead))
            registry.makeGauge(descriptor: oldest, labels: labels).set(to: destination.oldestWaitingAge)
        }
    }

    private func setGauge(_ name: String, _ help: String, _ value: Double) {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "churnguard", metricName: name, unitName: "", helpText: help)).set(to: value)
    }

    public func render() -> String { registry.emitToString() }
}

extension ServerMetrics: DeliveryMetrics {
    /// `churnguard_delivery_attempts_total{destination,result}` (delivered, retried, dead) and
    /// `churnguard_delivery_latency_seconds{destination}` (the whole exchange of one attempt).
    public func recordAttempt(destination: String, result: DeliveryAttemptResult, duration: Duration) {
        registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "delivery_attempts", unitName: "total",
            helpText: "Delivery attempts by destination and result (delivered, retried, dead)"),
            labels: [("destination", destination), ("result", result.rawValue)]).increment()
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "delivery_latency", unitName: "seconds",
            helpText: "Time of one delivery attempt (every request of it), by destination"),
            labels: [("destination", destination)],
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                      .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10)]).record(duration)
    }
}
