import Foundation
import Prometheus

/// The Prometheus metrics the spec names, in one registry that `GET /metrics` renders:
/// `churnguard_api_request_total{endpoint,status}`, `churnguard_inference_latency_seconds`,
/// `churnguard_prediction_count{churn_risk_level}`, `churnguard_model_version{version}`.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let inferenceLatency: DurationHistogram

    private static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "churnguard", metricName: "api_request", unitName: "total", helpText: "API requests by route and HTTP status") }
    private static var predictions: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "churnguard", metricName: "prediction", unitName: "count", helpText: "Predictions served, by risk level") }
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

    public func recordPrediction(riskLevel: String) {
        registry.makeCounter(descriptor: Self.predictions, labels: [("churn_risk_level", riskLevel)]).increment()
    }

    /// Marks `version` as the active model (1) and any previously active one as inactive (0).
    public func setModelVersion(_ version: String, previous: String? = nil) {
        if let previous, previous != version {
            registry.makeGauge(descriptor: Self.modelVersion, labels: [("version", previous)]).set(to: 0.0)
        }
        registry.makeGauge(descriptor: Self.modelVersion, labels: [("version", version)]).set(to: 1.0)
    }

    public func render() -> String { registry.emitToString() }
}
