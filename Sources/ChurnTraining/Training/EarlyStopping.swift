/// Tracks the best validation value and says when patience has run out.
///
/// Same rule as XGBoost's own `EarlyStopping` callback: only a strict improvement resets the
/// count, and training stops once `patience` rounds in a row have not improved.
struct EarlyStopping {
    let patience: Int
    let maximize: Bool
    private(set) var bestRound = 0
    private(set) var bestValue = Double.nan

    init(patience: Int, maximize: Bool) {
        self.patience = patience
        self.maximize = maximize
    }

    /// Records round `round`'s validation value; returns true when training should stop.
    mutating func record(round: Int, value: Double) -> Bool {
        let improved = bestValue.isNaN || (maximize ? value > bestValue : value < bestValue)
        if improved {
            bestRound = round
            bestValue = value
        }
        return patience > 0 && round - bestRound >= patience
    }
}
