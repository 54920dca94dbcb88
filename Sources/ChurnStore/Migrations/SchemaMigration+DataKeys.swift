extension SchemaMigration {
    /// Version 13: encryption at rest. `data_keys` records, per data key id (never the key), whether
    /// values may still be sealed under it (`active`: the key writers seal with; `previous`: being
    /// rotated away; `retired`: none left) and the resume marker of a rotation in progress. On
    /// PostgreSQL the three JSON columns that may now hold sealed text become TEXT (JSONB would
    /// reject it); SQLite's were TEXT already.
    static let dataKeys = SchemaMigration(version: 13, name: "data keys") { d in
        var statements = [
            """
            CREATE TABLE data_keys (
                key_id \(d.varchar(16)) PRIMARY KEY,
                state \(d.varchar(16)) NOT NULL,
                created_at \(d.timestampType) NOT NULL,
                retired_at \(d.timestampType),
                rotation_table \(d.varchar(64)),
                rotation_after TEXT
            )
            """,
        ]
        if d == .postgres {
            statements += [
                "ALTER TABLE online_features ALTER COLUMN features TYPE TEXT USING features::text",
                "ALTER TABLE predictions_log ALTER COLUMN inference_features TYPE TEXT USING inference_features::text",
                "ALTER TABLE predictions_log ALTER COLUMN reasons TYPE TEXT USING reasons::text",
            ]
        }
        return statements
    }
}
