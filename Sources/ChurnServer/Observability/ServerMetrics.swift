import ChurnServices
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

    /// The latest monitoring run (`churnguard monitor`): `churnguard_feature_drift{feature,method}`
    /// (the method's value: a p-value or a distance), `churnguard_dataset_drift_share`,
    /// `churnguard_dataset_drift` (1 when the dataset drifted), `churnguard_estimated_roc_auc` and,
    /// once labels exist, `churnguard_realized_roc_auc`.
    public func setMonitoring(_ gauges: MonitoringGauges) {
        let featureDrift = MetricNameDescriptor(
            namespace: "churnguard", metricName: "feature_drift", unitName: "",
            helpText: "Drift of each feature in the latest monitoring run: the value of its method (p-value or distance)")
        for feature in gauges.features {
            registry.makeGauge(descriptor: featureDrift, labels: [("feature", feature.name), ("method", feature.method)]).set(to: feature.value)
        }
        registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "dataset_drift_share", unitName: "",
            helpText: "Share of features that drifted in the latest monitoring run")).set(to: gauges.datasetDriftShare)
        registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "churnguard", metricName: "dataset_drift", unitName: "",
            helpText: "1 when the latest monitoring run found dataset drift")).set(to: gauges.datasetDrift ? 1.0 : 0.0)
        if let auc = gauges.estimatedROCAUC {
            registry.makeGauge(descriptor: MetricNameDescriptor(
                namespace: "churnguard", metricName: "estimated_roc_auc", unitName: "",
                helpText: "ROC-AUC estimated from the calibrated probabilities (CBPE) in the latest monitoring run")).set(to: auc)
        }
        if let auc = gauges.realizedROCAUC {
            registry.makeGauge(descriptor: MetricNameDescriptor(
                namespace: "churnguard", metricName: "realized_roc_auc", unitName: "",
                helpText: "ROC-AUC realized once the horizon passed, in the latest monitoring run")).set(to: auc)
        }
    }

    public func render() -> String { registry.emitToString() }
}
