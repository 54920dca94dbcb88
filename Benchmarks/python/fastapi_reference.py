#!/usr/bin/env python3
"""The reference stack the spec names: FastAPI + uvicorn + Python xgboost, serving the same
ChurnGuard bundle (model.json + manifest.json) with the same JWT check (HS256, iss, aud, role)
and the same response contract; top_churn_feature and reasons from XGBoost's own pred_contribs.

Run: CHURNGUARD_JWT_SECRET=... BUNDLE=dir uvicorn fastapi_reference:app --workers 2 --port 8090
"""
import json
import math
import os
import uuid
from datetime import datetime, timezone

import jwt
import numpy as np
import xgboost as xgb
from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

BUNDLE = os.environ["BUNDLE"]
SECRET = os.environ["CHURNGUARD_JWT_SECRET"]
manifest = json.load(open(os.path.join(BUNDLE, "manifest.json")))
features = manifest["featureSchema"]["features"]
booster = xgb.Booster()
booster.load_model(os.path.join(BUNDLE, "model.json"))
booster.set_param({"nthread": 1})
columns = []
for feature in features:
    if feature["kind"] == "categorical":
        columns += [(feature["name"], category) for category in feature.get("categories", [])]
    else:
        columns.append((feature["name"], None))
calibrator = manifest.get("calibrator")
thresholds = manifest["tierThresholds"]
version = manifest["version"]
app = FastAPI()


def encode(item):
    row = []
    for name, category in columns:
        value = item.get(name)
        if category is not None:
            row.append(math.nan if value is None else float(value == category))
        elif isinstance(value, bool):
            row.append(1.0 if value else 0.0)
        elif value is None:
            row.append(math.nan)
        else:
            row.append(float(value))
    return row


def tier(p):
    if p >= thresholds["high"]:
        return "HIGH"
    if p >= thresholds["medium"]:
        return "MEDIUM"
    return "LOW"


@app.post("/api/v1/predict")
async def predict(request: Request, authorization: str = Header(default="")):
    if not authorization.startswith("Bearer "):
        raise HTTPException(401, "missing token")
    try:
        claims = jwt.decode(authorization[7:], SECRET, algorithms=["HS256"], audience="churnguard-api", issuer="churnguard")
    except jwt.PyJWTError:
        raise HTTPException(401, "invalid token")
    if claims.get("role") not in ("scorer", "admin"):
        raise HTTPException(403, "forbidden")
    body = await request.json()
    items = body if isinstance(body, list) else [body]
    matrix = xgb.DMatrix(np.array([encode(item) for item in items], dtype=np.float32), missing=np.nan,
                         feature_names=booster.feature_names, feature_types=booster.feature_types)
    raw = booster.predict(matrix)
    contributions = booster.predict(matrix, pred_contribs=True)
    names = [f"{name}={category}" if category is not None else name for name, category in columns]
    out = []
    now = datetime.now(timezone.utc).isoformat()
    for item, p, contrib in zip(items, raw, contributions):
        probability = float(np.interp(p, calibrator["thresholds"], calibrator["values"])) if calibrator else float(p)
        # Sum one-hot columns per feature, as ChurnGuard does.
        per_feature = {}
        for (name, _), value in zip(columns, contrib[:-1]):
            per_feature[name] = per_feature.get(name, 0.0) + float(value)
        ranked = sorted(per_feature.items(), key=lambda kv: -kv[1])[:5]
        level = tier(probability)
        out.append({"customer_id": item["customer_id"], "churn_probability": round(probability, 6), "churn_risk_level": level,
                    "action_code": f"ACTION-{level}", "top_churn_feature": ranked[0][0],
                    "reasons": [{"feature": n, "value": str(item.get(n, "missing")), "contribution": round(c, 6)} for n, c in ranked],
                    "model_version": version, "prediction_id": str(uuid.uuid4()), "scored_at": now})
    return JSONResponse(out if isinstance(body, list) else out[0])
