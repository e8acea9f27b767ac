"""Quiz questions generated from the knowledge base (never written by hand per item).

Each generator turns one entry into one multiple-choice or true/false question, or returns None
when the knowledge base cannot support a question with exactly one correct answer: too few
distractors, a fact whose confidence is too low, or a distractor that might also be right (same
title in another wording, an acronym shared by two entries, two formulas that read alike).

Everything random goes through the ``random.Random`` passed in, so a seed reproduces a quiz.

This module holds ``Question`` and what every kind shares (texts, choices, true/false); the kinds
are in ``item_questions`` and ``term_questions``, and ``quiz_builder`` puts a quiz together.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Iterable

from assistant.knowledge.citations import citation_for
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry

from assistant.training import facts
from assistant.training.facts import content_ok, norm_choice, similarity

MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
MAX_CHOICES = 4
# Two choices overlapping this much (content words) could both look right: never offer both.
MAX_CHOICE_SIMILARITY = 0.5

_TEXT = {
    "en": {
        "item_title": "In {release}, what is the title of item {item}?",
        "item_number": "In {release}, which item number is “{title}”?",
        "item_covers": "In {release}, which item includes this point: “{point}”?",
        "item_category": "In {release}, which category does item {item} (“{title}”) belong to?",
        "item_release": "Which release numbers item {item} as “{title}”?",
        "tf_item_title": "True or false? In {release}, item {item} is “{title}”.",
        "acronym": "What does {acronym} stand for?",
        "kpi_formula": "Which formula computes {title}?",
        "kpi_from_formula": "Which KPI is calculated as: {formula}?",
        "definition": "Which {label} is this? “{text}”",
        "tf_term": "True or false? {term}: {definition}.",
        "true": "True",
        "false": "False",
        "labels": {"kpi": "KPI", "glossary": "term", "concept": "concept", "item": "item"},
        "x_item_title": "In {release}, item {item} is “{title}”.",
        "x_item_number": "“{title}” is item {item} in {release}.",
        "x_item_covers": "That point belongs to item {item} “{title}” ({release}).",
        "x_item_category": "Item {item} “{title}” is in Category {number} “{category}” of {release}.",
        "x_item_release": "Item {item} is “{title}” in {release}; the other releases give {item} another meaning: {others}.",
        "x_acronym": "{acronym} stands for {expansion}.",
        "x_kpi_formula": "{title} = {formula}.",
        "x_definition": "That is the definition of {title}.",
        "x_tf_term_true": "True: {term}: {definition}.",
        "x_tf_term_false": "False: {term}: {definition}. (The statement gave the meaning of {other}.)",
        "x_tf_true": "True. ",
        "x_tf_false": "False. ",
    },
    "es": {
        "item_title": "En la {release}, ¿cuál es el título del ítem {item}?",
        "item_number": "En la {release}, ¿qué número de ítem es “{title}”?",
        "item_covers": "En la {release}, ¿qué ítem incluye este punto: “{point}”?",
        "item_category": "En la {release}, ¿a qué categoría pertenece el ítem {item} (“{title}”)?",
        "item_release": "¿En qué versión el ítem {item} es “{title}”?",
        "tf_item_title": "¿Verdadero o falso? En la {release}, el ítem {item} es “{title}”.",
        "acronym": "¿Qué significa la sigla {acronym}?",
        "kpi_formula": "¿Qué fórmula calcula {title}?",
        "kpi_from_formula": "¿Qué indicador se calcula así: {formula}?",
        "definition": "¿Qué {label} es este? “{text}”",
        "tf_term": "¿Verdadero o falso? {term}: {definition}.",
        "true": "Verdadero",
        "false": "Falso",
        "labels": {"kpi": "indicador", "glossary": "término", "concept": "concepto", "item": "ítem"},
        "x_item_title": "En la {release}, el ítem {item} es “{title}”.",
        "x_item_number": "“{title}” es el ítem {item} de la {release}.",
        "x_item_covers": "Ese punto pertenece al ítem {item} “{title}” ({release}).",
        "x_item_category": "El ítem {item} “{title}” está en la Categoría {number} “{category}” de la {release}.",
        "x_item_release": "El ítem {item} es “{title}” en la {release}; las otras versiones le dan otro significado: {others}.",
        "x_acronym": "{acronym} significa {expansion}.",
        "x_kpi_formula": "{title} = {formula}.",
        "x_definition": "Es la definición de {title}.",
        "x_tf_term_true": "Verdadero: {term}: {definition}.",
        "x_tf_term_false": "Falso: {term}: {definition}. (La afirmación daba el significado de {other}).",
        "x_tf_true": "Verdadero. ",
        "x_tf_false": "Falso. ",
    },
}


def text(language: str, key: str, **values: str) -> str:
    return _TEXT[language][key].format(**values)


@dataclass
class Question:
    kind: str
    subject: str  # id of the entry the question is about
    prompt: str
    choices: list[str]
    answer: int
    explanation: str
    cite: Entry = field(repr=False)  # the entry that proves the correct answer

    def to_dict(self, n: int, language: str) -> dict:
        """The `quiz` item of the answer contract; ``n`` is the citation number in the answer."""
        return {
            "question": self.prompt,
            "choices": list(self.choices),
            "answer": self.answer,
            "explanation": self.explanation,
            "citation": asdict(citation_for(self.cite, n, language)),
            "kind": self.kind,
            "subject": self.subject,
        }


@dataclass
class Ctx:
    kb: KnowledgeBase
    language: str
    rng: random.Random


def _distinct(correct: str, pool: Iterable[str], rng: random.Random, *, max_similarity: float) -> list[str]:
    """Distractors from ``pool``: different from the correct choice and from each other."""
    candidates = list(dict.fromkeys(pool))
    rng.shuffle(candidates)
    chosen: list[str] = []
    seen = {norm_choice(correct)}
    for c in candidates:
        key = norm_choice(c)
        if not key or key in seen:
            continue
        if similarity(c, correct) >= max_similarity or any(similarity(c, d) >= max_similarity for d in chosen):
            continue
        seen.add(key)
        chosen.append(c)
        if len(chosen) == MAX_CHOICES - 1:
            break
    return chosen


def _multiple_choice(
    ctx: Ctx, kind: str, subject: Entry, prompt: str, correct: str, pool: Iterable[str], explanation: str,
    cite: Entry | None = None, *, max_similarity: float = MAX_CHOICE_SIMILARITY,
) -> Question | None:
    distractors = _distinct(correct, pool, ctx.rng, max_similarity=max_similarity)
    if len(distractors) < 2:
        return None
    choices = [correct, *distractors]
    ctx.rng.shuffle(choices)
    return Question(kind, subject.id, prompt, choices, choices.index(correct), explanation, cite or subject)


def _true_false(ctx: Ctx, kind: str, subject: Entry, prompt: str, truth: bool, explanation: str) -> Question:
    choices = [text(ctx.language, "true"), text(ctx.language, "false")]
    return Question(kind, subject.id, prompt, choices, 0 if truth else 1, explanation, subject)


def _summary_tail(entry: Entry, language: str) -> str:
    """One confirmed sentence to close an explanation with, when the content is trustworthy."""
    if not content_ok(entry) or not entry.has_language(language):
        return ""
    sentence = facts.first_sentence(entry.version(language).summary, limit=220)
    return f" {sentence}." if sentence else ""


