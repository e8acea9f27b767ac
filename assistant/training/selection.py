"""Choosing the questions of one quiz from what the generators can ask (variety, no repeats).

Kept apart from the generators (assistant.training.generator), which each make one question
about one entry; this module only decides which of those questions a quiz gets.
"""

from __future__ import annotations

import random

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry

from assistant.training.facts import norm_choice
from assistant.training.generator import GENERATORS, KINDS_FOR, MAX_QUESTIONS, Ctx, Question


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
