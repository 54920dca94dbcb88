import Foundation
import SQLKit

/// The erased customers (`erased_customers`) as writers consult it: `erase` adds a customer's key,
/// and ingest's writers (`RawTableStore.insert`, `OnlineFeatureStore.upsert`) leave out rows of
/// listed customers. While the list is empty nothing is hashed and no key file is read or made.
struct ErasureList: Sendable {
    let home: String

    /// Adds the customer; true when they were not listed yet.
    func add(_ customerID: String, at now: Date, on db: any SQLDatabase) async throws -> Bool {
        let key = try ErasureKey.load(home: home, create: true).customerKey(customerID)
        return try await db.raw("""
            INSERT INTO erased_customers (customer_key, erased_at) VALUES (\(bind: key), \(bind: now))
            ON CONFLICT DO NOTHING RETURNING customer_key
            """).first() != nil
    }

    /// `items` without those of listed customers.
    func withoutErased<T>(_ items: [T], customerID: (T) -> String?, on db: any SQLDatabase) async throws -> [T] {
        let listed = Set(try await db.raw("SELECT customer_key FROM erased_customers").all().map { try $0.decode(column: "customer_key", as: String.self) })
        guard !listed.isEmpty else { return items }
        let key = try ErasureKey.load(home: home, create: false)
        return items.filter { item in customerID(item).map { !listed.contains(key.customerKey($0)) } ?? true }
    }
}
