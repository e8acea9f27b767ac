"""Quiz questions about KPIs, glossary terms and concepts: acronyms, formulas, definitions (with the
term masked so the prompt does not give the answer away) and true/false on a term's definition."""

from __future__ import annotations

import re
from typing import Any, Iterable

from assistant.knowledge.kb.schema import Entry
from assistant.training import facts
from assistant.training.facts import content_ok, fold, similarity, title_ok
from assistant.training.generator import _TEXT, MAX_CHOICE_SIMILARITY, Ctx, Question, _multiple_choice, _summary_tail, _true_false, text


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
        ctx, "acronym", e, text(ctx.language, "acronym", acronym=abbr), expansion, pool,
        text(ctx.language, "x_acronym", acronym=abbr, expansion=expansion) + _summary_tail(e, ctx.language),
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
        ctx, "kpi_formula", e, text(ctx.language, "kpi_formula", title=t), correct, pool,
        text(ctx.language, "x_kpi_formula", title=t, formula=correct),
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
        ctx, "kpi_from_formula", e, text(ctx.language, "kpi_from_formula", formula=_mask(formula, e, ctx.language, words=False)),
        t, [facts.title(o, ctx.language) for o in peers],
        text(ctx.language, "x_kpi_formula", title=t, formula=formula),
    )


# Words of a title that say nothing about which entry it is ("COPC", "standard", "release"...):
# neither hidden nor taken as a giveaway.
_GENERIC = frozenset(
    "copc inc standard standards norma normas release releases version versiones item items category categories "
    "categoria categorias".split()
)
_STEMMERS: dict[str, Any] = {}  # language -> PyStemmer stemmer, created on first use


def _stems(words: Iterable[str], language: str) -> set[str]:
    import Stemmer  # PyStemmer, already used by the lexical index

    stemmer = _STEMMERS.setdefault(language, Stemmer.Stemmer("spanish" if language == "es" else "english"))
    return set(stemmer.stemWords([w for w in words]))


def _folded_mirror(text_: str) -> str:
    """``text_`` lower-cased and without accents, character for character (same positions)."""
    out = []
    for ch in text_:
        f = facts.fold(ch) if ch.isalpha() else ch.lower()
        out.append(f if len(f) == 1 else ch)
    return "".join(out)


def _title_words(e: Entry, language: str) -> set[str]:
    """Content words of the entry's title in ``language`` (folded), without generic ones."""
    words = re.split(r"[^\w]+", fold(facts.title(e, language)))
    # Years tell ("What Release 8.0 (2026) changes"); item numbers like "8" or "0" do not.
    return {
        w for w in words
        if len(w) >= 3 and (not w.isdigit() or len(w) == 4) and w not in facts._STOP and w not in _GENERIC
    }


def _mask(sentence: str, e: Entry, language: str, *, words: bool = True) -> str:
    """Hide the entry's names in a quoted definition so it does not answer itself.

    Whole names first (title, aliases, acronym), then each title word on its own, matched without
    regard to case or accents and with plural endings ("Process Capability" hides "processes" too).
    ``words=False`` (formulas): only the name and its acronyms, because a formula's ordinary words
    ("talk time + hold time") are the calculation itself and the question is unreadable without them.
    """
    version = e.version(language)
    if words:
        phrases = {facts.title(e, language), facts.plain_title(e, language), *version.aliases}
    else:
        phrases = {facts.plain_title(e, language), *(a for a in version.aliases if a.isupper() and len(a) <= 8)}
    found = facts.acronym(e, language)
    if found:
        phrases.add(found[0])
    phrases = {fold(p) for p in phrases if len(fold(p)) >= 2}
    # Never half a number: hiding "Release 8" must not turn "Release 8.0" into "….0".
    edge = r"(?:e?s)?(?![\w]|\.\d)"
    patterns = [rf"(?<![\w.]){re.escape(p)}{edge}" for p in sorted(phrases, key=len, reverse=True)]
    if words:
        patterns += [rf"(?<![\w.]){re.escape(w)}{edge}" for w in sorted(_title_words(e, language), key=len, reverse=True)]
    for pattern in patterns:
        mirror = _folded_mirror(sentence)
        spans = [m.span() for m in re.finditer(pattern, mirror)]
        for start, end in reversed(spans):
            sentence = sentence[:start] + "…" + sentence[end:]
    return re.sub(r"…(?:[\s-]*…)+", "…", sentence)


def _gives_away(masked: str, e: Entry, language: str) -> bool:
    """Whether the masked definition still carries a word of the answer: another form of a title
    word ("answered" for "Average speed of answer"), or the title in the other language (a
    definition quoting "Guía para la Mejora del Desempeño" names the guide)."""
    words = [w for w in re.split(r"[^\w]+", fold(masked)) if len(w) >= 3]
    for lang in ("en", "es"):
        if lang == language or e.has_language(lang):
            if _stems(_title_words(e, lang), lang) & _stems(words, lang):
                return True
    return False


def definition(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind not in ("kpi", "glossary", "concept") or not (content_ok(e) and title_ok(e) and e.has_language(ctx.language)):
        return None
    lang = ctx.language
    summary = facts.first_sentence(e.version(lang).summary, limit=240, min_chars=90)
    if not summary or len(summary) < 25:
        return None
    masked = _mask(summary, e, lang)
    # Too many holes and the definition no longer reads; a leftover word of the title gives it away.
    if masked.count("…") > 2 or _gives_away(masked, e, lang):
        return None
    peers = []
    for o in _peers(ctx, e, content=False):
        other = facts.first_sentence(o.version(lang).summary) or ""
        if similarity(other, summary) < MAX_CHOICE_SIMILARITY and not (facts.names(o) & facts.names(e)):
            peers.append(o)
    t = facts.title(e, lang)
    label = _TEXT[lang]["labels"][e.kind]
    return _multiple_choice(
        ctx, "definition", e, text(lang, "definition", label=label, text=masked), t,
        [facts.title(o, lang) for o in peers], text(lang, "x_definition", title=t) + f" {summary}.",
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
        return _true_false(ctx, "tf_term", e, text(lang, "tf_term", term=term, definition=definition_), True,
                           text(lang, "x_tf_term_true", term=term, definition=definition_))
    other_term, other_def = ctx.rng.choice(others)
    return _true_false(
        ctx, "tf_term", e, text(lang, "tf_term", term=term, definition=other_def), False,
        text(lang, "x_tf_term_false", term=term, definition=definition_, other=other_term),
    )
