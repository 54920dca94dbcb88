#!/usr/bin/env python3
"""The reference a data scientist would build in an afternoon, on ChurnGuard's own folds.

Reads a feature table as `churnguard import` writes it (FILE and FILE.schema.json), encodes and
folds it exactly as ChurnGuard does (cv_parity.py), and inside each outer fold runs
- xgboost tuned by a 30-trial random search (scikit-learn's RandomizedSearchCV, 3 inner stratified
  folds, ROC-AUC), refitted on the outer training rows;
- scikit-learn's logistic regression (mean imputation, standardization, C = 1).
Prints per-fold and mean ROC-AUC of each, pooled out-of-fold ROC-AUC and wall time, as JSON.

usage: model_selection_reference.py FILE --folds 5 --seed 42 --trials 30
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cv_parity import load, stratified_folds  # noqa: E402

SPACE = {
    "max_depth": [2, 3, 4, 5, 6, 8],
    "learning_rate": [0.02, 0.05, 0.1, 0.2],
    "n_estimators": [100, 200, 300, 500, 800],
    "min_child_weight": [1, 3, 5, 10, 20],
    "subsample": [0.6, 0.8, 1.0],
    "colsample_bytree": [0.5, 0.7, 0.9, 1.0],
    "reg_lambda": [0.5, 1, 5, 10],
    "reg_alpha": [0, 0.1, 1],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()
    _, x, y = load(args.table)
    fold_of = stratified_folds(list(y), args.folds, args.seed)
    result = {"xgboost": xgb.__version__, "sklearn": sklearn.__version__, "rows": int(len(y)),
              "positives": int(y.sum())}
    for name in ("xgboost_search", "logistic_regression"):
        started = time.time()
        oof = np.zeros(len(y))
        aucs = []
        for fold in range(args.folds):
            train, test = fold_of != fold, fold_of == fold
            if name == "xgboost_search":
                positives = y[train].sum()
                space = dict(SPACE, scale_pos_weight=[1.0, float((len(y[train]) - positives) / positives)])
                search = RandomizedSearchCV(
                    xgb.XGBClassifier(tree_method="hist", n_jobs=2, random_state=args.seed, eval_metric="auc"),
                    space, n_iter=args.trials, scoring="roc_auc",
                    cv=StratifiedKFold(3, shuffle=True, random_state=args.seed + fold), random_state=args.seed + fold,
                    n_jobs=1, refit=True)
                search.fit(x[train], y[train])
                scores = search.predict_proba(x[test])[:, 1]
            else:
                model = make_pipeline(SimpleImputer(strategy="mean"), StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
                model.fit(x[train], y[train])
                scores = model.predict_proba(x[test])[:, 1]
            oof[test] = scores
            aucs.append(float(roc_auc_score(y[test], scores)))
        result[name] = {"fold_aucs": aucs, "mean_auc": float(np.mean(aucs)),
                        "pooled_auc": float(roc_auc_score(y, oof)), "seconds": time.time() - started}
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
