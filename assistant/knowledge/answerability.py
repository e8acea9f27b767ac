"""Can the knowledge base answer this question? A calibrated decision, not one threshold.

The nearest entry is always *somewhere*: "how much do COPC trainings cost?" lands on *Cost per
contact*, "which recording software complies?" on the CSP/client/end-user roles. Similarity alone
cannot tell those from real questions, so the decision combines:

* what the question asks for (a price, a person or company today, a product to buy, a law, another
  standard, a staffing calculation, a salary) — details no entry of this knowledge base supplies;
* dense similarity of the best entry and its margin over the second;
* lexical evidence weighted by specificity (IDF over the knowledge base): the share of the
  question's specific words the best entry uses, and the share no entry uses at all;
* how specific an exactly named title or alias is.

A logistic regression over these features is trained by ``benchmarks/train_answerability.py`` on a
generated set (``benchmarks/answerability_train.yaml``: templates over the knowledge base's own
titles plus near-domain templates), never on an evaluation set; its coefficients live in
``answerability.json`` next to this module and are applied in plain Python (no scikit-learn at runtime).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.asked_detail import asked_detail

__all__ = ["DETAIL_MESSAGES", "FEATURES", "AnswerabilityModel", "Evidence", "asked_detail", "gather"]

MODEL_FILE = Path(__file__).with_name("answerability.json")
# "typed_unknown": the IDF share of words no entry uses in the question *as typed*: typo correction
# maps real words of a topic the knowledge base never mentions onto its own ("lunch vouchers" ->
# "launch touches"), which hides them from "unknown"; a one-letter slip in a long question moves it little.
FEATURES = ("dense", "margin", "coverage", "overlap", "unknown", "exact", "detail", "typed_unknown")

# Catalog keys naming each detail in an answer ("gives no price or fee").
DETAIL_MESSAGES = {
    "price": "knowledge.detail.price", "people": "knowledge.detail.people", "vendor": "knowledge.detail.vendor",
    "law": "knowledge.detail.law", "other_standard": "knowledge.detail.other_standard",
    "calculation": "knowledge.detail.calculation", "salary": "knowledge.detail.salary", "market": "knowledge.detail.market",
    "finance": "knowledge.detail.finance", "hr_policy": "knowledge.detail.hr_policy", "document": "knowledge.detail.document",
    "target": "knowledge.detail.target", "logistics": "knowledge.detail.logistics", "status": "knowledge.detail.status",
}


@dataclass(frozen=True)
class Evidence:
    """The features of one question against its best entry (see FEATURES)."""

    dense: float
    margin: float
    coverage: float
    overlap: float
    unknown: float
    exact: float
    detail: float
    typed_unknown: float = 0.0

    def vector(self) -> list[float]:
        return [getattr(self, name) for name in FEATURES]


def gather(question: str, hits, retriever, original: str | None = None) -> Evidence:
    """Features of ``question`` (the searched text) given its ranked ``hits`` from ``retriever``.

    ``original``: the question as typed; what it asks for is read there too, because typo
    correction maps words the knowledge base never uses ("precio", "sigma") onto its own words.
    """
    vocab = retriever.phrases.vocabulary
    top = hits[0] if hits else None
    dense = (top.dense or 0.0) if top else 0.0
    second = (hits[1].dense or 0.0) if len(hits) > 1 else 0.0
    exact = 0.0
    if top is not None and top.exact is not None:
        exact = min(vocab.specificity(top.exact) / 10.0, 1.0)
    return Evidence(
        dense=dense,
        margin=max(dense - second, 0.0),
        coverage=retriever.lexical.coverage(question),
        overlap=vocab.overlap(question, top.id) if top else 0.0,
        unknown=vocab.unknown_share(question),
        exact=exact,
        typed_unknown=vocab.typed_unknown_share(original or question),
        detail=1.0 if asked_detail(question, vocab.known) or (original and asked_detail(original, vocab.known)) else 0.0,
    )


class AnswerabilityModel:
    """Logistic regression coefficients trained offline (benchmarks/train_answerability.py)."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float = 0.5, scale: dict | None = None):
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        # Standardisation the model was trained with: (x - mean) / std per feature.
        self.scale = scale or {}

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> AnswerabilityModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data.get("threshold", 0.5), data.get("scale"))

    def probability(self, evidence: Evidence) -> float:
        z = self.bias
        for name, value in zip(FEATURES, evidence.vector()):
            mean, std = self.scale.get(name, (0.0, 1.0))
            z += self.weights.get(name, 0.0) * (value - mean) / (std or 1.0)
        return 1.0 / (1.0 + math.exp(-z))

    def answerable(self, evidence: Evidence) -> bool:
        # A specific title or alias named verbatim (generic ones were filtered by IDF) answers the
        # question unless it asks for a detail no entry gives; the model decides everything else.
        if evidence.exact > 0 and not evidence.detail:
            return True
        return self.probability(evidence) >= self.threshold
