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
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.base.text import fold

MODEL_FILE = Path(__file__).with_name("answerability.json")
FEATURES = ("dense", "margin", "coverage", "overlap", "unknown", "exact", "detail")

# What a question asks for that this knowledge base never supplies, on folded text. Each pattern
# is about the *request* ("how much does X cost"), so "what is cost per contact" is not a price.
_DETAILS: dict[str, list[str]] = {
    "price": [
        r"\bhow much\b.{0,50}\b(cost|costs|charge|charges|fee|fees|price|money|dollars|usd|eur|euros|invest|spend)\b",
        r"\b(price|prices|pricing|fee|fees)\b",
        r"\bcost (of|to) (the |a |an |getting |being |get |become )?(copc |a )?(certif|audit|training|course|licen|standard|program|consult|recert|assessment)",
        r"\b(certification|audit|training|course|license|licence|consulting) (cost|costs)\b",
        r"\bcuanto (cuesta|cuestan|vale|valen|cobra|cobran|cuestaria)\b", r"\b(precio|precios|tarifa|tarifas|arancel)\b",
        r"\b(costo|coste) (de|del) (la |el |una |un )?(certif|auditor|capacit|curso|licencia|norma|entrenamiento|consult|recertif)",
        r"\bbudget for\b", r"\bpresupuesto (para|de)\b",
    ],
    "people": [
        r"\b(ceo|cfo|coo|chairman|chairwoman)\b", r"\bwho (is|are) (the )?(current |present )?(president|director|head|owner|leader|boss|manager)",
        r"\bwho (runs|leads|owns|manages) (copc|the company|it)\b", r"\bquien (dirige|lidera|maneja) (copc|la empresa)\b",
        r"\bquien es (el|la) (actual )?(presidente|presidenta|director|directora|dueno|duena|jefe|gerente)",
        r"\b(which|what) (companies|company|firms|organizations|organisations|bpos|vendors) (are|is|have been|got|hold)\b",
        r"\b(que|cuales|cuantas) (empresas|companias|compañias|organizaciones|bpos?)\b",
        r"\b(who|which) (is|are) (copc )?certified\b", r"\bcertified (companies|vendors|bpos|centers|centres)\b",
        r"\b(empresas|companias|centros|bpos?) certificad", r"\bquien(es)? (esta|estan|tiene|tienen) (la )?(certific|certificad)",
        r"\b(is|are) \w+ (copc[- ])?certified\b", r"\besta(n)? \w+ certificad",
        r"\b(phone number|email address|contact details|telefono|correo de contacto|direccion de)\b",
        r"\b(list|names?) of (the )?(auditors|consultants|certified)\b",
    ],
    "vendor": [
        r"\b(which|what|best|recommend\w*|good|compliant|certified) (\w+ ){0,2}(software|tool|tools|vendor|vendors|platform|platforms|crm|ccaas|dialer|app|consultant|consultancy|consulting firm)\b",
        r"\b(software|herramienta|herramientas|plataforma|plataformas|crm|marcador|app)\b.{0,30}\b(recomiend|cumple|mejor|compr|usar|conviene|certificad|homologad)",
        r"\b(proveedor|proveedores|consultora|consultor|consultores)\b.{0,30}\b(recomiend|mejor|contrat|compr|conviene)",
        r"\b(recomiend\w*|mejor|que|cual) (\w+ ){0,2}(software|herramienta|proveedor|plataforma|crm|consultora)\b",
        r"\b(genesys|avaya|five9|verint|calabrio|talkdesk|zendesk|salesforce|nice cxone|cxone|aspect|teleopti|assembled|playvox|freshdesk|twilio|vonage|amazon connect)\b",
        r"\bshould (we|i) (buy|purchase|use|hire|pick|choose)\b", r"\b(debemos|debo|deberiamos) (comprar|contratar|elegir)\b",
    ],
    "law": [
        r"\b(labou?r|employment|overtime|privacy) (law|laws|code|regulation|regulations)\b", r"\bminimum wage\b",
        r"\b(is it|is that|es) (legal|ilegal|illegal)\b", r"\blegally\b", r"\b(ley|leyes|codigo|legislacion|derecho|normativa) (laboral|del trabajo|de trabajo|federal del trabajo)\b",
        r"\bley (de|federal)\b", r"\b(por|by|under( the)?) (ley|law)\b", r"\b(mandatory|required|obligatori[oa]) (by|por) (law|ley)\b",
        r"\blegal(ly)? (required|obligation|requirement)\b", r"\b(obligacion|requisito) legal\b", r"\b(gdpr|hipaa|lgpd|ccpa|rgpd|lfpdppp|osha|nom-?035)\b", r"\b(sindicato|sindical|union contract|labor union|trade union)\b",
        r"\b(salario minimo|horas extra|horas extras|jornada laboral|despido|indemnizacion|finiquito|severance|firing law)\b",
    ],
    "other_standard": [
        r"\biso ?\d{3,5}\b", r"\biso (standard|certification|norm|certificate)\b", r"\bnorma iso\b", r"\bsix sigma\b", r"\bitil\b",
        r"\bcmmi\b", r"\bpci[- ]?dss\b", r"\bsoc ?2\b", r"\bhdi\b", r"\ben ?15838\b", r"\bcustomer service excellence standard\b",
        r"\b(net promoter|nps) (score|benchmark|of)\b", r"\bcmmi\b", r"\bkaizen\b", r"\bbalanced scorecard\b",
        r"\b(gartner|forrester|j ?d ?power)\b",
    ],
    "calculation": [
        r"\berlang\b", r"\bhow many (agents|staff|people|fte|ftes|reps|representatives|seats|heads|advisors|employees) (do|will|would|should|must|are needed|i need|we need|are required)",
        r"\bcuant[oa]s (agentes|asesores|fte|ftes|personas|ejecutivos|posiciones|representantes|operadores|empleados)\b.{0,40}\b(necesito|necesitamos|requiero|requerimos|hacen falta|se necesitan|debo|debemos|ocupo)",
        r"\b(calculate|compute|work out|figure out|calcula|calcular|calculame|calcule|dimensiona|dimensionar)\b.{0,60}\b(headcount|staffing|fte|ftes|agents|agentes|plantilla|dimensionamiento|asesores)\b",
        r"\b(headcount|staffing|dimensionamiento) (for|para)\b.{0,40}\d",
    ],
    "salary": [
        r"\b(salary|salaries|wage|wages|salario|salarios|sueldo|sueldos|paycheck|remuneracion)\b",
        r"\bhow much (do|does|did|would|will) .{0,40}\b(earn|make|get paid|paid)\b", r"\bcuanto (gana|ganan|cobra un|le pagan|les pagan)\b",
    ],
}
# Catalog keys naming each detail in an answer ("gives no price or fee").
DETAIL_MESSAGES = {
    "price": "knowledge.detail.price", "people": "knowledge.detail.people", "vendor": "knowledge.detail.vendor",
    "law": "knowledge.detail.law", "other_standard": "knowledge.detail.other_standard",
    "calculation": "knowledge.detail.calculation", "salary": "knowledge.detail.salary",
}
_DETAIL_RE = {kind: re.compile("|".join(f"(?:{p})" for p in patterns)) for kind, patterns in _DETAILS.items()}


def asked_detail(question: str) -> str | None:
    """The kind of detail the question asks for that no entry supplies, or None."""
    folded = fold(question)
    for kind, pattern in _DETAIL_RE.items():
        if pattern.search(folded):
            return kind
    return None


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
        detail=1.0 if asked_detail(question) or (original and asked_detail(original)) else 0.0,
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
