import ArgumentParser
import ChurnDelivery

/// The delivery configuration a command uses: `--delivery FILE`, else `HOME/delivery.yaml` when it
/// exists, else none (campaigns then enqueue nothing). A file that does not validate stops the
/// command before anything is planned or sent.
enum DeliveryFile {
    static func load(explicit: String?, home: String?) throws -> DeliveryConfiguration? {
        guard let path = DeliveryConfiguration.path(explicit: explicit, home: DataHome.resolve(home)) else { return nil }
        do {
            return try DeliveryConfiguration.load(path: path)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}
