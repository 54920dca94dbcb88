import ChurnData
import ChurnModel
import ChurnServices
import Foundation
import Hummingbird

/// `GET/POST /console/predict` and `POST /console/predict/batch` (scorer, admin — as the API's
/// predict): a form generated from production's feature schema, and a CSV upload. Both go through
/// the API's own request parser, so a value the API would refuse is refused here with the same
/// message, next to its field or with its line; what is scored is logged as the API logs it.
struct PredictPage: Sendable {
    let models: ServingModels
    let lookup: (any OnlineFeatureLookup)?
    let scorer: OnlineScorer
    static let maxBatchRows = 10_000
    static let maxListedErrors = 100

    struct Field {
        let name: String
        let kind: String
        let range: String?
        let value: String
        let error: String?
        let isBoolean: Bool
        let isNumber: Bool
        let isTrue: Bool
        let isFalse: Bool
    }

    struct Result {
        let customerID: String
        let probability: String
        let tier: String
        let model: String
        let servedBy: String
        let waterfall: String
    }

    struct Model {
        let csrf: String
        let model: String
        let fields: [Field]
        let formError: String?
        let result: Result?
        let maxRows: String
        let hasBatchErrors: Bool
        let batchSummary: String
        let batchErrors: [String]
    }

    func add(to group: RouterGroup<ChurnRequestContext>) {
        group.get("predict") { _, context in
            render(context, values: [:], errors: [:], formError: nil, result: nil, batchErrors: [], status: .ok)
        }
        group.post("predict") { _, context in
            let form = context.consoleForm ?? ConsoleForm()
            let snapshot = models.snapshot
            let schema = snapshot.parser.parser.schema
            var values: [String: String] = [:]
            for name in ["customer_id"] + schema.names { values[name] = form[name] ?? "" }
            let body = Self.requestBody(values, schema: schema)
            let items: [PredictionRequestItem]
            do throws(APIError) {
                items = try snapshot.parser.parser.parse(body).items
            } catch {
                let message = error.detail
                if let field = error.field, values[field] != nil {
                    return render(context, values: values, errors: [field: message], formError: "Please correct the field marked below.", result: nil, batchErrors: [], status: .unprocessableContent)
                }
                return render(context, values: values, errors: [:], formError: message, result: nil, batchErrors: [], status: .unprocessableContent)
            }
            context.annotations.customerIDs = items.map(\.customerID)
            let inputs = try await PredictRoutes.inputs(items, snapshot: snapshot, lookup: lookup)
            let served = try await scorer.score(inputs, set: snapshot.servingSet, traceID: context.traceID, latencySince: .now, logger: context.logger)
            guard let prediction = served.first else { throw APIError(.internalServerError, code: "internal_error", detail: "nothing was scored") }
            let result = Result(
                customerID: prediction.customerID, probability: ConsoleFormat.probability(prediction.churnProbability), tier: prediction.churnRiskLevel,
                model: prediction.modelVersion, servedBy: snapshot.servingModel(for: prediction.customerID).servedBy.rawValue,
                waterfall: SVGChart.waterfall("Reasons of this score (log-odds)", steps: prediction.reasons.map { (label: "\($0.feature) = \($0.value)", value: $0.contribution) }, total: "sum of these reasons"))
            return render(context, values: values, errors: [:], formError: nil, result: result, batchErrors: [], status: .ok)
        }
        group.post("predict/batch") { _, context in
            let file = context.consoleForm?.files["file"] ?? Data()
            let snapshot = models.snapshot
            let (items, errors) = Self.parseCSV(file, parser: snapshot.parser.parser)
            guard errors.isEmpty, !items.isEmpty else {
                let listed = errors.isEmpty ? ["the file has no customer rows (a header line with customer_id, then one line per customer)"] : Array(errors.prefix(Self.maxListedErrors))
                return render(context, values: [:], errors: [:], formError: nil, result: nil, batchErrors: listed, status: .unprocessableContent)
            }
            var csv = ConsoleCSV.line(["customer_id", "churn_probability", "churn_risk_level", "top_churn_feature", "model_version"])
            var start = 0
            while start < items.count {
                let chunk = Array(items[start..<min(start + ServerLimits.maxBatchItems, items.count)])
                let inputs = try await PredictRoutes.inputs(chunk, snapshot: snapshot, lookup: lookup)
                for prediction in try await scorer.score(inputs, set: snapshot.servingSet, traceID: context.traceID, latencySince: .now, logger: context.logger) {
                    csv += ConsoleCSV.line([prediction.customerID, String(prediction.churnProbability), prediction.churnRiskLevel, prediction.topChurnFeature, prediction.modelVersion])
                }
                start += ServerLimits.maxBatchItems
            }
            context.annotations.customerIDs = items.map(\.customerID)
            return ConsoleResponse.download(Data(csv.utf8), filename: "predictions.csv")
        }
    }

    private func render(
        _ context: ChurnRequestContext, values: [String: String], errors: [String: String], formError: String?, result: Result?,
        batchErrors: [String], status: HTTPResponse.Status
    ) -> Response {
        let schema = models.snapshot.parser.parser.schema
        var fields = [Field(name: "customer_id", kind: "text, required", range: nil, value: values["customer_id"] ?? "", error: errors["customer_id"],
                            isBoolean: false, isNumber: false, isTrue: false, isFalse: false)]
        for feature in schema.features {
            let value = values[feature.name] ?? ""
            var range: String? = nil
            if let minimum = feature.minimum, let maximum = feature.maximum { range = "\(FeatureValue.format(minimum)) to \(FeatureValue.format(maximum))" }
            else if let minimum = feature.minimum { range = "at least \(FeatureValue.format(minimum))" }
            else if let maximum = feature.maximum { range = "at most \(FeatureValue.format(maximum))" }
            else if let categories = feature.categories { range = categories.prefix(8).joined(separator: ", ") }
            fields.append(Field(
                name: feature.name, kind: feature.kind.rawValue, range: range, value: value, error: errors[feature.name],
                isBoolean: feature.kind == .boolean, isNumber: feature.kind == .numeric, isTrue: value == "true", isFalse: value == "false"))
        }
        let model = Model(
            csrf: context.consoleSession?.csrfToken ?? "", model: models.snapshot.production.bundle.version, fields: fields, formError: formError,
            result: result, maxRows: ConsoleFormat.count(Self.maxBatchRows), hasBatchErrors: !batchErrors.isEmpty,
            batchSummary: batchErrors.count >= Self.maxListedErrors ? "The file was not scored; the first \(Self.maxListedErrors) problems:" : "The file was not scored:",
            batchErrors: batchErrors)
        return ConsoleResponse.html(ConsoleRenderer.page("predict", title: "Predict", model: model, context: context, current: "/console/predict"), status: status)
    }

    /// The JSON body the API would receive for these form values: numbers and booleans as such
    /// when they read as such, anything else as a string (which the parser then refuses by name),
    /// empty fields left out.
    static func requestBody(_ values: [String: String], schema: FeatureSchema) -> Data {
        var object: [String: Any] = [:]
        let kinds = Dictionary(uniqueKeysWithValues: schema.features.map { ($0.name, $0.kind) })
        for (name, raw) in values {
            let value = raw.trimmingCharacters(in: .whitespaces)
            if name != "customer_id", value.isEmpty { continue }
            switch kinds[name] {
            case .numeric?: object[name] = Double(value).map { NSNumber(value: $0) } ?? value as Any
            case .boolean?:
                if value == "true" { object[name] = true } else if value == "false" { object[name] = false } else { object[name] = value }
            default: object[name] = value
            }
        }
        return (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    }

    /// The rows of an uploaded CSV as request items, or every problem with its line number.
    static func parseCSV(_ data: Data, parser: PredictionRequestParser) -> (items: [PredictionRequestItem], errors: [String]) {
        var header: [String]? = nil
        var items: [PredictionRequestItem] = []
        var errors: [String] = []
        do {
            try CSVReader(data: data).forEachRecord(onIssue: { issue in errors.append("line \(issue.line): \(issue.reason)") }) { row in
                let fields = row.strings()
                guard let names = header else {
                    header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    if !(header ?? []).contains("customer_id") { errors.append("line \(row.line): the header has no customer_id column") }
                    return
                }
                if fields.allSatisfy({ $0.isEmpty }) { return }
                guard items.count + errors.count < maxBatchRows else {
                    if errors.last?.hasPrefix("more than") != true { errors.append("more than \(maxBatchRows) rows; split the file") }
                    return
                }
                guard fields.count == names.count else {
                    errors.append("line \(row.line): \(fields.count) fields, the header has \(names.count)")
                    return
                }
                let values = Dictionary(zip(names, fields), uniquingKeysWith: { first, _ in first })
                do throws(APIError) {
                    items += try parser.parse(requestBody(values, schema: parser.schema)).items
                } catch {
                    errors.append("line \(row.line): \(error.field.map { "\($0): " } ?? "")\(error.detail)")
                }
            }
        } catch {
            errors.append("the file is not readable CSV: \(error)")
        }
        if header == nil { errors.append("the file is empty") }
        return (items, errors)
    }
}
