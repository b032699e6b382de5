"""The sample model server: the interface of MLEM's FastAPI server, for a real model.

MLEM (`mlem build docker_dir --server fastapi`) serves a model on port 8080
with `POST /predict` taking `{"data": <model input>}`, the interactive docs at
`GET /docs` (which answer once the model is loaded: the probes ask them) and
the model's interface at `GET /interface.json`. This server answers the same
paths for model.json (train.py), so that a fork deploys something that works
before swapping in its own `mlem build docker_dir` output.
"""
import json
import math
from pathlib import Path
from typing import List

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

MODEL = json.loads((Path(__file__).parent / "model.json").read_text())
FEATURES: List[str] = MODEL["features"]

app = FastAPI(title=f"Model server: {MODEL['name']}")


class PredictRequest(BaseModel):
    """Rows of measurements, in the order of the model's features."""

    data: List[List[float]]


def probabilities(row: List[float]) -> List[float]:
    scores = [
        sum(w * x for w, x in zip(weights, row)) + bias
        for weights, bias in zip(MODEL["coefficients"], MODEL["intercepts"])
    ]
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    return [e / sum(exps) for e in exps]


@app.post("/predict")
def predict(request: PredictRequest) -> dict:
    for index, row in enumerate(request.data):
        if len(row) != len(FEATURES):
            raise HTTPException(
                status_code=422,
                detail=f"data[{index}] has {len(row)} values: expected {len(FEATURES)} ({', '.join(FEATURES)})",
            )
    rows = [probabilities(row) for row in request.data]
    return {
        "predictions": [MODEL["classes"][p.index(max(p))] for p in rows],
        "probabilities": [[round(x, 6) for x in p] for p in rows],
    }


@app.get("/interface.json")
def interface() -> dict:
    return {
        "model": MODEL["name"],
        "methods": {
            "predict": {
                "args": {"data": {"type": "array", "shape": [None, len(FEATURES)], "columns": FEATURES}},
                "returns": {"predictions": MODEL["classes"]},
            }
        },
    }
