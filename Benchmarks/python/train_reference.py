#!/usr/bin/env python3
"""Times xgboost.train on the matrix `churn-bench training` wrote, with the same parameters.

usage: train_reference.py DIR SWIFT_SUMMARY_JSON   (prints a JSON summary)
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

directory, summary_path = sys.argv[1], sys.argv[2]
swift = json.load(open(summary_path))
features = swift["features"]


def load(name):
    values = np.fromfile(f"{directory}/{name}.values", dtype="<f4").reshape(-1, features)
    labels = np.fromfile(f"{directory}/{name}.labels", dtype="<f4")
    return values, labels


started = time.perf_counter()
x_train, y_train = load("train")
x_valid, y_valid = load("valid")
# Matrix construction is timed on both sides (ChurnGuard builds its DMatrix inside train()).
load_seconds = time.perf_counter() - started
started = time.perf_counter()
names = [f"f{i}" for i in range(features)]
dtrain = xgb.DMatrix(x_train, label=y_train, feature_names=names, missing=np.nan, nthread=swift["threads"])
dvalid = xgb.DMatrix(x_valid, label=y_valid, feature_names=names, missing=np.nan, nthread=swift["threads"])
params = {"objective": "binary:logistic", "tree_method": "hist", "eta": 0.1, "max_depth": swift["depth"],
          "min_child_weight": 1, "subsample": 0.8, "colsample_bytree": 0.8, "lambda": 1, "eval_metric": "auc",
          "nthread": swift["threads"], "seed": 42, "scale_pos_weight": float(swift["scale_pos_weight"])}
result = {}
booster = xgb.train(params, dtrain, num_boost_round=swift["rounds"], evals=[(dtrain, "train"), (dvalid, "valid")],
                    evals_result=result, verbose_eval=False)
raw = booster.save_raw(raw_format="json")
seconds = time.perf_counter() - started
print(json.dumps({"xgboost": xgb.__version__, "seconds": seconds, "file_read_seconds": load_seconds,
                  "validation_auc": result["valid"]["auc"][-1]}))
