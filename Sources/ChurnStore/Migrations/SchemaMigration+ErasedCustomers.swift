extension SchemaMigration {
    /// Version 11: the erasure list. One row per erased customer, keyed by an HMAC-SHA256 of their
    /// id under a key kept outside the database (`ErasureKey`), so the list says "this id was
    /// erased" to whoever holds the key and is no table of ids to anyone else. Ingest skips listed
    /// customers, so loading the same raw files again does not bring them back.
    static let erasedCustomers = SchemaMigration(version: 11, name: "erased customers") { d in
        [
            """
            CREATE TABLE erased_customers (
                customer_key \(d.varchar(64)) PRIMARY KEY,
                erased_at \(d.timestampType) NOT NULL
            )
            """,
        ]
    }
}
