import Foundation
import SQLKit

/// The erased customers (`erased_customers`) as writers consult it: `erase` adds a customer's key,
/// and every writer of customer rows (`RawTableStore.insert`, `OnlineFeatureStore.upsert`,
/// `PredictionsLog.insert` and `append`, hence a spooled prediction replayed after the erase) leaves
/// out rows of listed customers: the batch writers with a lookup of their rows' keys first
/// (``withoutErased``), the online log inside its one INSERT (``keys(for:)``), so a served
/// prediction pays no extra round trip. Until the first erasure there is no key file and nothing
/// is hashed.
struct ErasureList: Sendable {
    let home: String

    /// Keys per lookup statement: far below either database's bind limit.
    static let keysPerStatement = 500

    /// Adds the customer; true when they were not listed yet.
    func add(_ customerID: String, at now: Date, on db: any SQLDatabase) async throws -> Bool {
        let key = try ErasureKey.load(home: home, create: true).customerKey(customerID)
        return try await db.raw("""
            INSERT INTO erased_customers (customer_key, erased_at) VALUES (\(bind: key), \(bind: now))
            ON CONFLICT DO NOTHING RETURNING customer_key
            """).first() != nil
    }

    /// The list's keys of `customerIDs`, index for index, for a statement that leaves listed
    /// customers out by itself (the online log's single-statement commit); nil when no customer was
    /// ever erased under this home's key, and nothing needs leaving out. Unlike ``withoutErased``,
    /// this reads nothing from the database, so a list whose key file went missing goes unnoticed
    /// here (the ingest writers report it).
    func keys(for customerIDs: [String]) throws -> [String]? {
        guard let key = try ErasureKey.existing(home: home) else { return nil }
        return customerIDs.map(key.customerKey)
    }

    /// `items` without those of listed customers. Only the items' own keys are looked up, so the
    /// cost follows the batch, not the length of the list.
    func withoutErased<T>(_ items: [T], customerID: (T) -> String?, on db: any SQLDatabase) async throws -> [T] {
        guard !items.isEmpty else { return items }
        guard let key = try ErasureKey.existing(home: home) else {
            // No key file: nobody was erased under this home, unless the file went missing.
            if try await db.raw("SELECT 1 AS listed FROM erased_customers LIMIT 1").first() != nil {
                _ = try ErasureKey.load(home: home, create: false)  // throws, naming the missing file
            }
            return items
        }
        let keys = items.map { customerID($0).map(key.customerKey) }
        let distinct = Array(Set(keys.compactMap { $0 }))
        var listed = Set<String>()
        var start = 0
        while start < distinct.count {
            let binds: [any Encodable & Sendable] = Array(distinct[start..<min(start + Self.keysPerStatement, distinct.count)])
            listed.formUnion(try await db.raw("SELECT customer_key FROM erased_customers WHERE customer_key IN (\(binds: binds))").all()
                .map { try $0.decode(column: "customer_key", as: String.self) })
            start += Self.keysPerStatement
        }
        guard !listed.isEmpty else { return items }
        return zip(items, keys).filter { _, key in key.map { !listed.contains($0) } ?? true }.map(\.0)
    }
}
