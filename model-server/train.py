"""Trains the sample model and writes model.json: run it only to change the model.

A logistic regression on Fisher's iris data (150 flowers, 4 measurements,
3 species), as shipped with scikit-learn. The weights are plain JSON so that
the server needs no scikit-learn and no pickle: `python3 train.py` on a
machine with scikit-learn (Debian: python3-sklearn) rewrites model.json.
"""
import json

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

iris = load_iris()
train_x, test_x, train_y, test_y = train_test_split(
    iris.data, iris.target, test_size=0.3, random_state=0, stratify=iris.target
)
model = LogisticRegression(max_iter=1000).fit(train_x, train_y)

with open("model.json", "w") as out:
    json.dump(
        {
            "name": "iris-logistic-regression",
            "features": [name.replace(" (cm)", "_cm").replace(" ", "_") for name in iris.feature_names],
            "classes": [str(name) for name in iris.target_names],
            "coefficients": [[round(w, 6) for w in row] for row in model.coef_.tolist()],
            "intercepts": [round(b, 6) for b in model.intercept_.tolist()],
            "test_accuracy": round(model.score(test_x, test_y), 4),
        },
        out,
        indent=2,
    )
    out.write("\n")
