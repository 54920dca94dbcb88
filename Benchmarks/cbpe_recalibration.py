"""Would recalibrating CBPE track the realized ROC-AUC better than the bundle's own calibration?

Reads a monitored home (Benchmarks/run-drift-proof.sh with KEEP=1 leaves two: home, home-nodrift):
the champion's logged probabilities per scoring day and the churn events, labels as `monitor` reads
them (first churn in (D, D + 90]). For each day it prints the realized ROC-AUC and CBPE's expected
ROC-AUC (the logged ranking, each customer's expected churn from a probability map) with:
  bundle      the logged (bundle-calibrated) probabilities, what `churnguard monitor` reports;
  reference   isotonic recalibration on the test day's outcomes (NannyML's CBPE: calibrate on the
              labelled reference period);
  matured     isotonic recalibration on the newest scoring day whose horizon had passed by D, pooled
              with the test day (the outcomes known on D); the bundle's map when there is none.
With `nannyml` importable (pip install nannyml statsmodels), NannyML's own CBPE (reference = the test
day, one chunk per day) is printed too; it equals the `reference` column.
Usage: python Benchmarks/cbpe_recalibration.py HOME TEST_DAY [MODEL_VERSION]
"""
import datetime
import os
import sqlite3
import sys

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import roc_auc_score

home, test_day = sys.argv[1], sys.argv[2]
version = sys.argv[3] if len(sys.argv) > 3 else "champ"
horizon = datetime.timedelta(days=90)
day_of = datetime.date.fromisoformat
db = sqlite3.connect(f"file:{home}/churnguard.sqlite?mode=ro", uri=True)
churn = {c: d[:10] for c, d in db.execute("SELECT customer_id, MIN(churned_at) FROM raw_churn_events GROUP BY customer_id")}
days = [d for (d,) in db.execute("SELECT DISTINCT as_of FROM predictions_log WHERE model_version = ? ORDER BY as_of", (version,))]
data = {}
for d in days:
    rows = db.execute("SELECT customer_id, churn_probability FROM predictions_log WHERE as_of = ? AND model_version = ?", (d, version)).fetchall()
    p = np.array([r[1] for r in rows])
    y = np.array([r[0] in churn and day_of(d) < day_of(churn[r[0]]) <= day_of(d) + horizon for r in rows])
    data[d] = (p, y)


def expected_roc_auc(scores, probabilities):
    """CBPE's expected ROC-AUC: thresholds at every distinct score, E[TP] = Σ p, E[FP] = Σ (1 − p)."""
    order = np.argsort(-scores, kind="stable")
    s, p = scores[order], probabilities[order]
    last = np.r_[s[1:] != s[:-1], True]
    tpr = np.r_[0, np.cumsum(p)[last] / p.sum()]
    fpr = np.r_[0, np.cumsum(1 - p)[last] / (len(p) - p.sum())]
    return float(((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2).sum())


def standard_error(auc, positives, negatives):
    """Hanley & McNeil (1982): the sampling error of a realized ROC-AUC."""
    q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
    return ((auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives)) ** 0.5


def recalibrated(scores, on_days):
    p = np.concatenate([data[d][0] for d in on_days])
    y = np.concatenate([data[d][1] for d in on_days])
    return IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(p, y).predict(scores)


nannyml_estimates = {}
os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")  # NannyML reports usage to a web service unless told not to
try:
    import nannyml
    import pandas as pd

    def frame(d):
        p, y = data[d]
        return pd.DataFrame({"p": p, "y_pred": (p >= 0.5).astype(int), "y": y.astype(int), "day": d})

    cbpe = nannyml.CBPE(y_pred_proba="p", y_pred="y_pred", y_true="y", metrics=["roc_auc"], problem_type="classification_binary",
                        chunk_period=None, chunker=nannyml.chunk.SizeBasedChunker(chunk_size=10**9))
    cbpe.fit(frame(test_day))
    for d in days:
        result = cbpe.estimate(frame(d)).filter(period="analysis").to_df()
        nannyml_estimates[d] = float(result[("roc_auc", "value")].iloc[0])
    print(f"nannyml {nannyml.__version__}: recalibrates on the reference: {bool(cbpe.needs_calibration)}")
except ImportError:
    pass

print("| as_of | churned | realized ± s.e. | bundle | reference (isotonic) | matured (isotonic) | matured days |" + (" NannyML |" if nannyml_estimates else ""))
print("|---|---|---|---|---|---|---|" + ("---|" if nannyml_estimates else ""))
for d in days:
    p, y = data[d]
    realized = roc_auc_score(y, p)
    matured = [e for e in days if day_of(e) + horizon <= day_of(d)][-1:]
    cells = [expected_roc_auc(p, p), expected_roc_auc(p, recalibrated(p, [test_day])),
             expected_roc_auc(p, recalibrated(p, sorted(set(matured) | {test_day}))) if matured else expected_roc_auc(p, p)]
    if d in nannyml_estimates:
        cells.append(nannyml_estimates[d])
    shown = " | ".join(f"{c:.3f} ({c - realized:+.3f})" for c in cells[:3])
    extra = f" {cells[3]:.3f} ({cells[3] - realized:+.3f}) |" if len(cells) > 3 else ""
    error = standard_error(realized, int(y.sum()), len(y) - int(y.sum()))
    print(f"| {d} | {int(y.sum())} | {realized:.3f} ± {error:.3f} | {shown} | {', '.join(matured) or '-'} |{extra}")
