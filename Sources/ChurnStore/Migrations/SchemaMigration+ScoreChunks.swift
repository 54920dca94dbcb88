extension SchemaMigration {
    /// Version 3: the work queue of coordinated batch scoring. Several workers (processes or machines
    /// sharing the database) claim chunks of customers under a lease; a worker that dies leaves its
    /// lease to expire and another takes the chunk over.
    static let scoreChunks = SchemaMigration(version: 3, name: "score chunks") { d in
        [
            """
            CREATE TABLE score_chunks (
                as_of \(d.varchar(10)) NOT NULL,
                model_version \(d.varchar(32)) NOT NULL,
                chunk_no \(d.bigintType) NOT NULL,
                first_customer_id \(d.keyType(128)) NOT NULL,
                last_customer_id \(d.keyType(128)) NOT NULL,
                status \(d.varchar(10)) NOT NULL CHECK (status IN ('pending', 'done')),
                owner TEXT,
                lease_until \(d.timestampType),
                claims \(d.bigintType) NOT NULL DEFAULT 0,
                scored \(d.bigintType) NOT NULL DEFAULT 0,
                PRIMARY KEY (as_of, model_version, chunk_no)
            )
            """,
            "CREATE INDEX idx_score_chunks_pending ON score_chunks (as_of, model_version, status, chunk_no)",
        ]
    }
}
