#!/usr/bin/env python3
"""5-fold CV ROC-AUC of Python xgboost on a ChurnGuard feature table, with ChurnGuard's folds.

Reads FILE and FILE.schema.json as `churnguard import` writes them, encodes them exactly as
ChurnGuard's FeatureEncoder does (numeric and boolean: one column; categorical: one-hot
`name=category` in schema order; missing = NaN), rebuilds the stratified folds of
ChurnGuard's StratifiedKFold (SplitMix64 shuffle per class, round-robin), trains with the given
parameters and prints per-fold and mean ROC-AUC as JSON.

usage: cv_parity.py FILE --folds 5 --seed 42 --rounds 200 [--param k=v ...]
"""
import argparse
import csv
import json
import sys

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, bound):
        return (self.next() * bound) >> 64

    def shuffle(self, values):
        for index in range(len(values) - 1, 0, -1):
            other = self.below(index + 1)
            values[index], values[other] = values[other], values[index]


def stratified_folds(labels, folds, seed):
    members, order = {}, []
    for row, label in enumerate(labels):
        if label not in members:
            members[label] = []
            order.append(label)
        members[label].append(row)
    generator = SplitMix64(seed)
    fold_of = [0] * len(labels)
    position = 0
    for label in order:
        rows = list(members[label])
        generator.shuffle(rows)
        for row in rows:
            fold_of[row] = position % folds
            position += 1
    return np.array(fold_of)


def load(path):
    with open(path + ".schema.json", encoding="utf-8") as handle:
        schema = json.load(handle)["features"]
    columns, values, labels = [], [], []
    for feature in schema:
        if feature["kind"] == "categorical":
            columns += [f"{feature['name']}={category}" for category in feature.get("categories", [])]
        else:
            columns.append(feature["name"])
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        positions = [header.index(feature["name"]) for feature in schema]
        label_position = header.index("label")
        for record in reader:
            row = []
            for feature, position in zip(schema, positions):
                cell = record[position]
                if feature["kind"] == "categorical":
                    row += [np.nan if cell == "" else float(cell == category) for category in feature.get("categories", [])]
                elif feature["kind"] == "boolean":
                    row.append(np.nan if cell == "" else (1.0 if cell == "true" else 0.0))
                else:
                    row.append(np.nan if cell == "" else float(cell))
            values.append(row)
            labels.append(record[label_position] == "1")
    return columns, np.array(values, dtype=np.float32), np.array(labels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--param", action="append", default=[])
    args = parser.parse_args()
    columns, x, y = load(args.table)
    fold_of = stratified_folds(list(y), args.folds, args.seed)
    params = {"objective": "binary:logistic", "tree_method": "hist", "eta": 0.1, "max_depth": 6,
              "min_child_weight": 1, "subsample": 0.8, "colsample_bytree": 0.8, "lambda": 1,
              "eval_metric": "auc", "seed": 42, "nthread": 2}
    for item in args.param:
        key, value = item.split("=", 1)
        params[key] = value
    aucs = []
    for fold in range(args.folds):
        train, test = fold_of != fold, fold_of == fold
        fold_params = dict(params)
        positives = y[train].sum()
        fold_params.setdefault("scale_pos_weight", (len(y[train]) - positives) / positives)
        dtrain = xgb.DMatrix(x[train], label=y[train], feature_names=columns, missing=np.nan)
        booster = xgb.train(fold_params, dtrain, num_boost_round=args.rounds)
        scores = booster.predict(xgb.DMatrix(x[test], feature_names=columns, missing=np.nan))
        aucs.append(roc_auc_score(y[test], scores))
    json.dump({"xgboost": xgb.__version__, "rows": int(len(y)), "fold_aucs": aucs,
               "mean_auc": float(np.mean(aucs))}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
