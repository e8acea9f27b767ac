"""Quiz questions generated from the knowledge base (never written by hand per item).

Each generator turns one entry into one multiple-choice or true/false question, or returns None
when the knowledge base cannot support a question with exactly one correct answer: too few
distractors, a fact whose confidence is too low, or a distractor that might also be right (same
title in another wording, an acronym shared by two entries, two formulas that read alike).

Everything random goes through the ``random.Random`` passed in, so a seed reproduces a quiz.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from assistant.base.messages import message
from assistant.knowledge.citations import citation_for
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry

from assistant.training import facts
from assistant.training.facts import content_ok, fold, norm_choice, similarity, title_ok
from assistant.training.masking import gives_away, mask

MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
MAX_CHOICES = 4
# Two choices overlapping this much (content words) could both look right: never offer both.
MAX_CHOICE_SIMILARITY = 0.5


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
            "citation": citation_for(self.cite, n, language).to_json(),
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
    choices = [message("training.question.true", ctx.language), message("training.question.false", ctx.language)]
    return Question(kind, subject.id, prompt, choices, 0 if truth else 1, explanation, subject)


def _same_release_items(ctx: Ctx, entry: Entry) -> list[Entry]:
    return [e for e in facts.release_items(ctx.kb, entry.release or "", ctx.language) if e.id != entry.id]


def _unique_title_in_release(ctx: Ctx, entry: Entry) -> bool:
    mine = facts.title(entry, ctx.language)
    return all(similarity(facts.title(e, ctx.language), mine) < MAX_CHOICE_SIMILARITY for e in _same_release_items(ctx, entry))


def _summary_tail(entry: Entry, language: str) -> str:
    """One confirmed sentence to close an explanation with, when the content is trustworthy."""
    if not content_ok(entry) or not entry.has_language(language):
        return ""
    sentence = facts.first_sentence(entry.version(language).summary, limit=220)
    return f" {sentence}." if sentence else ""


# ---- item questions -------------------------------------------------------------------------

def item_title(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    pool = [facts.title(o, lang) for o in _same_release_items(ctx, e)]
    return _multiple_choice(
        ctx, "item_title", e, message("training.question.item_title", lang, release=e.release, item=e.item), t, pool,
        message("training.question.x_item_title", lang, release=e.release, item=e.item, title=t) + _summary_tail(e, lang),
    )


def item_number(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)) or not _unique_title_in_release(ctx, e):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    pool = [o.item for o in _same_release_items(ctx, e) if o.item]
    return _multiple_choice(
        ctx, "item_number", e, message("training.question.item_number", lang, release=e.release, title=t), e.item or "", pool,
        message("training.question.x_item_number", lang, release=e.release, item=e.item, title=t), max_similarity=1.01,
    )


def item_covers(ctx: Ctx, e: Entry) -> Question | None:
    """A key point of the item; the choices are titles of the same release."""
    if e.kind != "item" or not (content_ok(e) and title_ok(e) and e.has_language(ctx.language)):
        return None
    lang = ctx.language
    points = [p for p in e.version(lang).key_points if 20 <= len(p) <= 220 and not re.search(r"\bitem\b|\bítem\b", p, re.I)]
    if not points:
        return None
    point = ctx.rng.choice(points).rstrip(".")
    others = _same_release_items(ctx, e)
    # A title echoed in the point would give the answer away, or point at another item.
    if any(facts.contains_phrase(fold(point), facts.title(o, lang)) for o in others):
        return None
    t = facts.title(e, lang)
    return _multiple_choice(
        ctx, "item_covers", e, message("training.question.item_covers", lang, release=e.release, point=point), t,
        [facts.title(o, lang) for o in others],
        message("training.question.x_item_covers", lang, release=e.release, item=e.item, title=t) + _summary_tail(e, lang),
    )


def item_category(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    cat = facts.category_entry(ctx.kb, e)
    if cat is None or not title_ok(cat) or not cat.has_language(ctx.language):
        return None
    lang = ctx.language
    cats = [c for c in facts.release_categories(ctx.kb, cat.release) if title_ok(c) and c.has_language(lang) and c.id != cat.id]
    correct = facts.title(cat, lang)
    t = facts.title(e, lang)
    return _multiple_choice(
        ctx, "item_category", e, message("training.question.item_category", lang, release=e.release, item=e.item, title=t), correct,
        [facts.title(c, lang) for c in cats],
        message("training.question.x_item_category", lang, release=e.release, item=e.item, title=t, number=cat.category or "", category=correct),
    )


def _numbered_elsewhere(ctx: Ctx, e: Entry) -> list[Entry]:
    """The same item number in other numbered releases, where its title is known well enough."""
    return [
        o for o in ctx.kb.items_numbered(e.item or "")
        if o.id != e.id and o.release != e.release and title_ok(o) and o.has_language(ctx.language)
        and ctx.kb.releases.get(o.release or "") is not None and ctx.kb.releases[o.release or ""].numbered
    ]


def item_release(ctx: Ctx, e: Entry) -> Question | None:
    """Which release gives item number N this meaning (2.3 is not the same item everywhere)."""
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    others = _numbered_elsewhere(ctx, e)
    if any(similarity(facts.title(o, lang), t) >= MAX_CHOICE_SIMILARITY for o in others):
        return None  # another release gives the number the same meaning: two right answers
    if len({o.release for o in others}) < 2:
        return None
    listing = "; ".join(f"{o.release}: “{facts.title(o, lang)}”" for o in sorted(others, key=lambda o: o.release or ""))
    return _multiple_choice(
        ctx, "item_release", e, message("training.question.item_release", lang, item=e.item, title=t), e.release or "",
        [o.release or "" for o in others],
        message("training.question.x_item_release", lang, release=e.release, item=e.item, title=t, others=listing), max_similarity=1.01,
    )


def tf_item_title(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    wrong = [
        facts.title(o, lang) for o in [*_numbered_elsewhere(ctx, e), *_same_release_items(ctx, e)]
        if similarity(facts.title(o, lang), t) < MAX_CHOICE_SIMILARITY
    ]
    truth = not wrong or ctx.rng.random() < 0.5
    shown = t if truth else ctx.rng.choice(wrong)
    prefix = message("training.question.x_tf_true", lang if truth else "x_tf_false")
    return _true_false(
        ctx, "tf_item_title", e, message("training.question.tf_item_title", lang, release=e.release, item=e.item, title=shown), truth,
        prefix + message("training.question.x_item_title", lang, release=e.release, item=e.item, title=t),
    )


# ---- KPI, glossary and concept questions ----------------------------------------------------

def _peers(ctx: Ctx, e: Entry, *, content: bool) -> list[Entry]:
    """Entries of the same kind usable as distractors (same release for categories)."""
    return [
        o for o in ctx.kb.by_kind(e.kind)
        if o.id != e.id and o.has_language(ctx.language) and title_ok(o) and (content_ok(o) or not content)
    ]


def acronym(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind not in ("kpi", "glossary", "concept") or not (title_ok(e) and content_ok(e)):
        return None
    found = facts.acronym(e, ctx.language)
    if not found:
        return None
    abbr, expansion = found
    folded = fold(abbr)
    # Distractors must not be named by the same acronym (e.g. "TMO" and "AHT" are one KPI).
    peers = [o for o in _peers(ctx, e, content=False) if folded not in facts.names(o)]
    pool = [facts.plain_title(o, ctx.language) for o in peers]
    pool = [p for p in pool if folded not in fold(p).split()]
    return _multiple_choice(
        ctx, "acronym", e, message("training.question.acronym", ctx.language, acronym=abbr), expansion, pool,
        message("training.question.x_acronym", ctx.language, acronym=abbr, expansion=expansion) + _summary_tail(e, ctx.language),
    )


def kpi_formula(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "kpi" or not content_ok(e):
        return None
    correct = facts.formula(e, ctx.language)
    if not correct:
        return None
    pool = [f for o in _peers(ctx, e, content=True) if (f := facts.formula(o, ctx.language))]
    t = facts.title(e, ctx.language)
    return _multiple_choice(
        ctx, "kpi_formula", e, message("training.question.kpi_formula", ctx.language, title=t), correct, pool,
        message("training.question.x_kpi_formula", ctx.language, title=t, formula=correct),
    )


def kpi_from_formula(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "kpi" or not content_ok(e):
        return None
    formula = facts.formula(e, ctx.language)
    if not formula:
        return None
    peers = [
        o for o in _peers(ctx, e, content=False)
        if (f := facts.formula(o, ctx.language)) is None or similarity(f, formula) < MAX_CHOICE_SIMILARITY
    ]
    t = facts.title(e, ctx.language)
    return _multiple_choice(
        ctx, "kpi_from_formula", e, message("training.question.kpi_from_formula", ctx.language, formula=mask(formula, e, ctx.language, words=False)),
        t, [facts.title(o, ctx.language) for o in peers],
        message("training.question.x_kpi_formula", ctx.language, title=t, formula=formula),
    )


def definition(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind not in ("kpi", "glossary", "concept") or not (content_ok(e) and title_ok(e) and e.has_language(ctx.language)):
        return None
    lang = ctx.language
    summary = facts.first_sentence(e.version(lang).summary, limit=240, min_chars=90)
    if not summary or len(summary) < 25:
        return None
    masked = mask(summary, e, lang)
    # Too many holes and the definition no longer reads; a leftover word of the title gives it away.
    if masked.count("…") > 2 or gives_away(masked, e, lang):
        return None
    peers = []
    for o in _peers(ctx, e, content=False):
        other = facts.first_sentence(o.version(lang).summary) or ""
        if similarity(other, summary) < MAX_CHOICE_SIMILARITY and not (facts.names(o) & facts.names(e)):
            peers.append(o)
    t = facts.title(e, lang)
    label = message(f"training.question.label.{e.kind}", lang)
    return _multiple_choice(
        ctx, "definition", e, message("training.question.definition", lang, label=label, text=masked), t,
        [facts.title(o, lang) for o in peers], message("training.question.x_definition", lang, title=t) + f" {summary}.",
    )


def tf_term(ctx: Ctx, e: Entry) -> Question | None:
    """True/false on terms the entry defines side by side (approach vs deployment, ...)."""
    if not content_ok(e):
        return None
    pairs = facts.term_definitions(e, ctx.language)
    if len(pairs) < 2:
        return None
    term, definition_ = ctx.rng.choice(pairs)
    others = [(t, d) for t, d in pairs if t != term and similarity(d, definition_) < MAX_CHOICE_SIMILARITY]
    truth = not others or ctx.rng.random() < 0.5
    lang = ctx.language
    if truth:
        return _true_false(ctx, "tf_term", e, message("training.question.tf_term", lang, term=term, definition=definition_), True,
                           message("training.question.x_tf_term_true", lang, term=term, definition=definition_))
    other_term, other_def = ctx.rng.choice(others)
    return _true_false(
        ctx, "tf_term", e, message("training.question.tf_term", lang, term=term, definition=other_def), False,
        message("training.question.x_tf_term_false", lang, term=term, definition=definition_, other=other_term),
    )


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
