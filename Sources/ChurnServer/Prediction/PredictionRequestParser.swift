import ChurnModel
import Foundation

/// One customer of a `POST /api/v1/predict` body: the id and the features it carries, already
/// checked against the model's schema.
struct PredictionRequestItem: Sendable {
    var customerID: String
    /// Provided features by schema index.
    var provided: [Int: FeatureValue]
}

/// Parses and validates a predict body: one customer object or an array of 1…1,000. Every
/// problem becomes a 4xx ``APIError`` naming the field and, in a batch, the item index.
struct PredictionRequestParser: Sendable {
    let schema: FeatureSchema
    private let positions: [String: Int]

    init(schema: FeatureSchema) {
        self.schema = schema
        var positions: [String: Int] = [:]
        for (index, feature) in schema.features.enumerated() { positions[feature.name] = index }
        self.positions = positions
    }

    /// Returns the items and whether the body was an array (the response mirrors the request's shape).
    /// `maxItems` is 1,000 for `POST /api/v1/predict`; a batch job (`arrayOnly`) takes up to 100,000.
    func parse(_ body: Data, maxItems: Int = ServerLimits.maxBatchItems, arrayOnly: Bool = false) throws(APIError) -> (items: [PredictionRequestItem], isBatch: Bool) {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw APIError(.badRequest, code: "malformed_json", detail: "the body is not valid JSON (NaN and Infinity are not JSON numbers)")
        }
        if let key = DuplicateJSONKeys.first(in: body) {
            throw APIError(.badRequest, code: "duplicate_key", detail: "the key appears twice in one object; send it once", field: key)
        }
        switch value {
        case .object(let object) where !arrayOnly:
            return ([try item(object, index: nil)], false)
        case .array(let elements):
            guard !elements.isEmpty else {
                throw APIError.unprocessable("the array of customers is empty; send 1 to \(maxItems)", field: nil)
            }
            guard elements.count <= maxItems else {
                let advice = arrayOnly ? "split it into several jobs" : "use POST /api/v1/predictions/batch for more"
                throw APIError.unprocessable("\(elements.count) customers in one request; at most \(maxItems) (\(advice))", field: nil)
            }
            var items: [PredictionRequestItem] = []
            items.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                guard case .object(let object) = element else {
                    throw APIError.unprocessable("item is \(element.typeName), expected a customer object", field: nil, index: index)
                }
                // A customer may appear twice (e.g. two what-if variants); each item gets its own prediction.
                items.append(try item(object, index: index))
            }
            return (items, true)
        default:
            let expected = arrayOnly ? "an array of customer objects" : "a customer object or an array of them"
            throw APIError.unprocessable("the body is \(value.typeName); send \(expected)", field: nil)
        }
    }

    private func item(_ object: [String: JSONValue], index: Int?) throws(APIError) -> PredictionRequestItem {
        guard let idValue = object["customer_id"] else {
            throw APIError.unprocessable("customer_id is required", field: "customer_id", index: index)
        }
        guard case .string(let customerID) = idValue else {
            throw APIError.unprocessable("customer_id must be a string, got \(idValue.typeName)", field: "customer_id", index: index)
        }
        try Self.checkCustomerID(customerID, index: index)
        var provided: [Int: FeatureValue] = [:]
        // Sorted so the first error reported does not depend on dictionary order.
        for key in object.keys.sorted() where key != "customer_id" {
            guard let position = positions[key] else {
                throw APIError.unprocessable("unknown field '\(key)'; the model reads: \(schema.names.prefix(8).joined(separator: ", "))…", field: key, index: index)
            }
            provided[position] = try featureValue(object[key]!, feature: schema.features[position], index: index)
        }
        return PredictionRequestItem(customerID: customerID, provided: provided)
    }

    private func featureValue(_ value: JSONValue, feature: FeatureSpec, index: Int?) throws(APIError) -> FeatureValue {
        let name = feature.name
        if value == .null { return .missing }
        switch feature.kind {
        case .numeric:
            guard case .number(let number) = value else {
                throw APIError.unprocessable("\(name) must be a number, got \(value.typeName)", field: name, index: index)
            }
            guard number.isFinite, abs(number) <= 1e15 else {
                throw APIError.unprocessable("\(name) must be a finite number of magnitude at most 1e15", field: name, index: index)
            }
            if let minimum = feature.minimum, number < minimum {
                throw APIError.unprocessable("\(name) is \(number), below its minimum \(minimum)", field: name, index: index)
            }
            if let maximum = feature.maximum, number > maximum {
                throw APIError.unprocessable("\(name) is \(number), above its maximum \(maximum)", field: name, index: index)
            }
            return .number(number)
        case .boolean:
            guard case .bool(let flag) = value else {
                throw APIError.unprocessable("\(name) must be true or false, got \(value.typeName)", field: name, index: index)
            }
            return .boolean(flag)
        case .categorical:
            guard case .string(let category) = value else {
                throw APIError.unprocessable("\(name) must be a string, got \(value.typeName)", field: name, index: index)
            }
            if let categories = feature.categories, !categories.contains(category) {
                throw APIError.unprocessable(
                    "\(name) '\(category.prefix(64))' is not one of: \(categories.prefix(20).joined(separator: ", "))", field: name, index: index)
            }
            return .category(category)
        }
    }

    /// Customer ids are 1…128 visible ASCII characters (no spaces, controls or look-alike unicode),
    /// as the OpenAPI contract's pattern `^[!-~]{1,128}$` says: ids reach CRMs, logs and URLs.
    static func checkCustomerID(_ id: String, index: Int?) throws(APIError) {
        guard !id.isEmpty, id.utf8.count <= 128 else {
            throw APIError.unprocessable("customer_id must be 1 to 128 characters", field: "customer_id", index: index)
        }
        guard id.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw APIError.unprocessable("customer_id may hold only visible ASCII characters (no spaces, control or non-ASCII characters)", field: "customer_id", index: index)
        }
    }
}
