#!/usr/bin/env python3
"""The reference a data scientist would build in an afternoon, on ChurnGuard's own folds.

Reads a feature table as `churnguard import` writes it (FILE and FILE.schema.json), encodes and
folds it exactly as ChurnGuard does (cv_parity.py), and inside each outer fold runs
- xgboost tuned by a 30-trial random search (3 inner stratified folds, ROC-AUC; written out with
  xgboost's own API because scikit-learn 1.9's scorers do not accept xgboost 1.7's classifier),
  refitted on the outer training rows;
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
from sklearn.model_selection import ParameterSampler, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cv_parity import load, stratified_folds  # noqa: E402

SPACE = {
    "max_depth": [2, 3, 4, 5, 6, 8],
    "eta": [0.02, 0.05, 0.1, 0.2],
    "rounds": [100, 200, 300, 500, 800],
    "min_child_weight": [1, 3, 5, 10, 20],
    "subsample": [0.6, 0.8, 1.0],
    "colsample_bytree": [0.5, 0.7, 0.9, 1.0],
    "lambda": [0.5, 1, 5, 10],
    "alpha": [0, 0.1, 1],
}


def fit_xgboost(params, x, y):
    params = dict(params)
    rounds = params.pop("rounds")
    base = {"objective": "binary:logistic", "tree_method": "hist", "nthread": 1, "seed": 42}
    return xgb.train({**base, **params}, xgb.DMatrix(x, label=y, missing=np.nan), num_boost_round=rounds)


def predict(booster, x):
    return booster.predict(xgb.DMatrix(x, missing=np.nan))


def random_search(x, y, trials, seed):
    """The best of `trials` sampled configurations by mean 3-fold ROC-AUC, refitted on all rows."""
    positives = y.sum()
    space = dict(SPACE, scale_pos_weight=[1.0, float((len(y) - positives) / positives)])
    inner = list(StratifiedKFold(3, shuffle=True, random_state=seed).split(x, y))
    best, best_score = None, -1.0
    for params in ParameterSampler(space, n_iter=trials, random_state=seed):
        score = np.mean([roc_auc_score(y[test], predict(fit_xgboost(params, x[train], y[train]), x[test]))
                         for train, test in inner])
        if score > best_score:
            best, best_score = params, score
    return fit_xgboost(best, x, y)


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
                booster = random_search(x[train], y[train], args.trials, args.seed + fold)
                scores = predict(booster, x[test])
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
