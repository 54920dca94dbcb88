import ChurnData

/// Runs `chunked` (the CSV files read a chunk of customers at a time); when an event table does not
/// list customers in customers.csv order, warns and runs `whole` (the tables read whole) instead.
/// Shared by `features`, `ingest` and `quality`.
func inChunksOrWhole<Result>(_ chunked: () throws -> Result, whole: () throws -> Result) throws -> Result {
    do {
        return try chunked()
    } catch let error as RawTableError {
        guard case .notInCustomerOrder = error else { throw error }
        StandardError.print("warning: \(error)")
        StandardError.print("warning: reading the raw tables whole instead: memory grows with the data")
        return try whole()
    }
}
