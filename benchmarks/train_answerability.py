"""Train the answerability model (logistic regression) on the generated training set.

Reads benchmarks/answerability_train.yaml (made by benchmarks/answerability_set.py from the
knowledge base and templates; never the golden or the blind set), computes each question's
features exactly as answering does (KnowledgeResponder.evidence), fits scikit-learn's
LogisticRegression on standardised features with a held-out split, and writes the coefficients to
assistant/knowledge/answerability.json (applied in plain Python at runtime).

    python benchmarks/answerability_set.py && python benchmarks/train_answerability.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TRAIN = ROOT / "benchmarks" / "answerability_train.yaml"
# Inverse regularisation strength: weak regularisation (seven standardised features, 1,900 rows);
# C=1 and C=20 gave the same held-out accuracy on the generated set.
C = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from assistant.base.settings import get_settings
    from assistant.composition.assistant import Assistant
    from assistant.knowledge.answerability import FEATURES, MODEL_FILE

    rows = yaml.safe_load(TRAIN.read_text(encoding="utf-8"))
    assistant = Assistant(get_settings())
    knowledge = assistant.knowledge
    X, y, kinds = [], [], []
    for row in rows:
        _hits, evidence, _q = knowledge.evidence(row["q"], row["lang"])
        X.append(evidence.vector())
        y.append(row["label"])
        kinds.append(row["kind"])
    X, y = np.array(X), np.array(y)
    X_tr, X_te, y_tr, y_te, _k_tr, k_te = train_test_split(X, y, kinds, test_size=0.25, random_state=11, stratify=y)
    scaler = StandardScaler().fit(X_tr)
    # Balanced classes: a wrong confident answer costs more than a refusal, and the generated set
    # has more answerable rows than unanswerable ones.
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(scaler.transform(X_tr), y_tr)
    pred = model.predict(scaler.transform(X_te))
    acc = float((pred == y_te).mean())
    print(f"held-out accuracy {acc:.3f} on {len(y_te)} generated questions")
    for kind in sorted(set(k_te)):
        idx = [i for i, k in enumerate(k_te) if k == kind]
        print(f"  {kind:15s} {float((pred[idx] == y_te[idx]).mean()):.3f} ({len(idx)})")
    # Final model on everything.
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(scaler.transform(X), y)
    data = {
        "features": list(FEATURES),
        "weights": {f: round(float(w), 5) for f, w in zip(FEATURES, model.coef_[0])},
        "bias": round(float(model.intercept_[0]), 5),
        "scale": {f: [round(float(m), 5), round(float(s), 5)] for f, m, s in zip(FEATURES, scaler.mean_, scaler.scale_)},
        "threshold": 0.5,
        "trained_on": f"{TRAIN.relative_to(ROOT)} ({len(y)} generated questions)",
        "held_out_accuracy": round(acc, 4),
    }
    MODEL_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(data["weights"]), "bias", data["bias"], "->", MODEL_FILE.relative_to(ROOT))


if __name__ == "__main__":
    main()
