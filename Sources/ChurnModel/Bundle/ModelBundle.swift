import Foundation

/// A deployable model: `model.json` (the XGBoost JSON exactly as XGBoost wrote it, loadable by any
/// XGBoost, or a ``LinearModel`` when `train` chose a logistic regression) and the
/// ``BundleManifest`` (`manifest.json`), in one directory.
///
/// Loading parses the model as the manifest's `modelKind` says into a ``ScoringModel`` and checks
/// that it reads exactly the columns the manifest's schema encodes to, so a bundle that loads can be served.
public struct ModelBundle: Sendable {
    public static let modelFile = "model.json"
    public static let manifestFile = "manifest.json"

    public var manifest: BundleManifest
    public var modelJSON: Data
    /// The model that scores: trees or a logistic regression.
    public let model: ScoringModel

    /// The tree ensemble, nil when the bundle serves a logistic regression.
    public var ensemble: TreeEnsemble? {
        if case .trees(let ensemble) = model { return ensemble }
        return nil
    }

    public init(manifest: BundleManifest, modelJSON: Data) throws {
        let model: ScoringModel
        do {
            model = try ScoringModel(kind: manifest.resolvedModelKind, json: modelJSON)
        } catch {
            throw ModelBundleError.invalidModel(reason: "\(error)")
        }
        let columns = FeatureEncoder(schema: manifest.featureSchema).columnNames
        guard model.featureCount == columns.count else {
            throw ModelBundleError.schemaMismatch(
                reason: "the model reads \(model.featureCount) columns but the schema encodes to \(columns.count) (\(columns.prefix(8).joined(separator: ", "))…)")
        }
        if !model.featureNames.isEmpty, model.featureNames != columns {
            let differing = zip(model.featureNames, columns).first { $0 != $1 }
            throw ModelBundleError.schemaMismatch(
                reason: "model column names differ from the schema's encoding, first at model '\(differing?.0 ?? "?")' vs schema '\(differing?.1 ?? "?")'")
        }
        self.manifest = manifest
        self.modelJSON = modelJSON
        self.model = model
    }

    public var version: String { manifest.version }

    public static func load(from directory: String) throws -> ModelBundle {
        let base = URL(fileURLWithPath: directory)
        let manifestURL = base.appendingPathComponent(manifestFile)
        let modelURL = base.appendingPathComponent(modelFile)
        guard let manifestData = FileManager.default.contents(atPath: manifestURL.path) else {
            throw ModelBundleError.missingFile(path: manifestURL.path)
        }
        guard let modelData = FileManager.default.contents(atPath: modelURL.path) else {
            throw ModelBundleError.missingFile(path: modelURL.path)
        }
        let manifest: BundleManifest
        do {
            manifest = try Self.decoder.decode(BundleManifest.self, from: manifestData)
        } catch {
            throw ModelBundleError.invalidManifest(path: manifestURL.path, reason: "\(error)")
        }
        guard manifest.formatVersion <= BundleManifest.currentFormat else {
            throw ModelBundleError.invalidManifest(
                path: manifestURL.path,
                reason: "format \(manifest.formatVersion) is newer than this ChurnGuard understands (\(BundleManifest.currentFormat)); upgrade ChurnGuard")
        }
        return try ModelBundle(manifest: manifest, modelJSON: modelData)
    }

    /// Writes the bundle into `directory` (created if needed); the manifest goes last, so a
    /// directory with a manifest holds a complete bundle.
    public func save(to directory: String) throws {
        let base = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: base.appendingPathComponent(Self.manifestFile))
        try modelJSON.write(to: base.appendingPathComponent(Self.modelFile), options: .atomic)
        try Self.encoder.encode(manifest).write(to: base.appendingPathComponent(Self.manifestFile), options: .atomic)
    }

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }()
}

public enum ModelBundleError: Error, CustomStringConvertible {
    case missingFile(path: String)
    case invalidManifest(path: String, reason: String)
    case invalidModel(reason: String)
    case schemaMismatch(reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path) not found: a model bundle is a directory with model.json and manifest.json (made by `churnguard train` or `churnguard import-model`)"
        case .invalidManifest(let path, let reason): return "\(path) is not a valid bundle manifest: \(reason)"
        case .invalidModel(let reason): return "the bundle's model.json cannot be served: \(reason)"
        case .schemaMismatch(let reason): return "the bundle's model and schema disagree: \(reason)"
        }
    }
}
