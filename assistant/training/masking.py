"""Hiding an entry's own names in the definition a quiz question quotes, so it does not answer itself.

Split from the question generators: matching names regardless of case, accents, plurals and
word forms is its own problem, with its own tests.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from assistant.knowledge.kb.schema import Entry

from assistant.training import facts
from assistant.training.facts import fold


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


def mask(sentence: str, e: Entry, language: str, *, words: bool = True) -> str:
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


def gives_away(masked: str, e: Entry, language: str) -> bool:
    """Whether the masked definition still carries a word of the answer: another form of a title
    word ("answered" for "Average speed of answer"), or the title in the other language (a
    definition quoting "Guía para la Mejora del Desempeño" names the guide)."""
    words = [w for w in re.split(r"[^\w]+", fold(masked)) if len(w) >= 3]
    for lang in ("en", "es"):
        if lang == language or e.has_language(lang):
            if _stems(_title_words(e, lang), lang) & _stems(words, lang):
                return True
    return False
