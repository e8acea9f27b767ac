"""Build a quiz: every question kind by name, which kinds fit which entry, and ``build_quiz``, which
mixes 3-5 varied questions about the focus entries, related ones and the rest of the pool."""

from __future__ import annotations

import random
from typing import Callable

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry
from assistant.training.facts import norm_choice
from assistant.training.generator import MAX_QUESTIONS, Ctx, Question
from assistant.training.item_questions import item_category, item_covers, item_number, item_release, item_title, tf_item_title
from assistant.training.term_questions import acronym, definition, kpi_formula, kpi_from_formula, tf_term


GENERATORS: dict[str, Callable[[Ctx, Entry], Question | None]] = {
    "item_title": item_title,
    "item_number": item_number,
    "item_covers": item_covers,
    "item_category": item_category,
    "item_release": item_release,
    "tf_item_title": tf_item_title,
    "acronym": acronym,
    "kpi_formula": kpi_formula,
    "kpi_from_formula": kpi_from_formula,
    "definition": definition,
    "tf_term": tf_term,
}

KINDS_FOR = {
    "item": ["item_title", "item_number", "item_covers", "item_category", "item_release", "tf_item_title"],
    "kpi": ["kpi_formula", "acronym", "kpi_from_formula", "definition", "tf_term"],
    "glossary": ["definition", "acronym", "tf_term"],
    "concept": ["tf_term", "definition", "acronym"],
    "category": [],
    "release": [],
}


def questions_for(kb: KnowledgeBase, entry: Entry, language: str, rng: random.Random) -> list[Question]:
    """Every question the generators can make about ``entry`` (tests walk the whole KB with this)."""
    ctx = Ctx(kb, language, rng)
    out = []
    for kind in KINDS_FOR.get(entry.kind, []):
        q = GENERATORS[kind](ctx, entry)
        if q is not None:
            out.append(q)
    return out


_FACT_GROUP = {
    "item_title": "title", "item_number": "title", "tf_item_title": "title",
    "kpi_formula": "formula", "kpi_from_formula": "formula",
}


def build_quiz(
    kb: KnowledgeBase, focus: list[Entry], pool: list[Entry], language: str, rng: random.Random,
    n: int = MAX_QUESTIONS, related: list[Entry] | None = None,
) -> list[Question]:
    """3-5 varied questions, about ``focus`` first, then ``related`` entries, topped up from ``pool``.

    Variety: the first pass takes one question per (entry, kind) with kinds rotated so the quiz
    mixes titles, numbers, acronyms, formulas and true/false; duplicates (same prompt, same fact)
    are dropped.
    """
    n = max(1, min(n, MAX_QUESTIONS))
    ctx = Ctx(kb, language, rng)
    chosen: list[Question] = []
    seen_prompts: set[str] = set()
    seen_facts: set[tuple[str, str]] = set()
    kind_count: dict[str, int] = {}

    def plan(entries: list[Entry]) -> list[tuple[str, Entry]]:
        pairs = [(k, e) for e in entries for k in KINDS_FOR.get(e.kind, [])]
        rng.shuffle(pairs)
        return pairs

    def take(pairs: list[tuple[str, Entry]], max_per_kind: int) -> None:
        for kind, entry in pairs:
            if len(chosen) >= n:
                return
            if kind_count.get(kind, 0) >= max_per_kind or (kind, entry.id) in seen_facts:
                continue
            q = GENERATORS[kind](ctx, entry)
            if q is None:
                continue
            key = norm_choice(q.prompt)
            # Questions asking the same fact another way (title <-> number) count once.
            fact = (_FACT_GROUP.get(q.kind, q.kind), q.subject)
            if key in seen_prompts or fact in seen_facts:
                continue
            seen_prompts.add(key)
            seen_facts.add(fact)
            seen_facts.add((kind, entry.id))
            kind_count[kind] = kind_count.get(kind, 0) + 1
            chosen.append(q)

    focus_ids = {e.id for e in focus}
    near = [e for e in related or [] if e.id not in focus_ids]
    near_ids = {e.id for e in near}
    rest = [e for e in pool if e.id not in focus_ids and e.id not in near_ids]
    focus_plan = plan(focus)
    take(focus_plan, 1)
    take(focus_plan, n)
    for tier in (plan(near), plan(rest)):
        for per_kind in (1, 2, n):
            if len(chosen) < n:
                take(tier, per_kind)
    return chosen
