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

    /// `Resources/openapi.yaml`, compiled into the binary so that `churnguard` stays one file.
    private static let template = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The operations the document describes, as (path template, upper-case method) pairs: the one
    /// list of routes the server answers for (the router registers them; a test keeps both equal).
    static let operations: [(path: String, method: String)] = {
        var operations: [(String, String)] = []
        var inPaths = false
        var path: String?
        for line in template.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") { inPaths = line == "paths:"; path = nil; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = line.dropFirst(4).dropLast()
                if ["get", "put", "post", "delete", "patch", "head", "options"].contains(key) {
                    operations.append((path, key.uppercased()))
                }
            }
        }
        return operations
    }()
}
