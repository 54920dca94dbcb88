extension SchemaMigration {
    /// Version 15: the personal parts of campaigns sealed like the rest (`EncryptedColumn`). A
    /// candidate's reasons (they quote the customer's signals) may now hold sealed text, so on
    /// PostgreSQL the column becomes TEXT (JSONB would reject it); an outcome gains `notes`, the
    /// free text a CRM sends with it ("said the price is too high"), sealed when the store has a key.
    static let sealedCampaignData = SchemaMigration(version: 15, name: "sealed campaign data") { d in
        var statements = ["ALTER TABLE retention_outcomes ADD COLUMN notes TEXT"]
        if d == .postgres {
            statements.append("ALTER TABLE campaign_candidates ALTER COLUMN reasons TYPE TEXT USING reasons::text")
        }
        return statements
    }
}
