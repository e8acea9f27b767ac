"""Quizzable facts read from knowledge-base entries.

A question is only as good as the fact behind it, so everything here refuses content whose
confidence is too low: titles need a confirmed or partly confirmed title, summaries, key points and
formulas need confirmed or partly confirmed content. Inferred content is never asked about.
"""

from __future__ import annotations

import re

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry
from assistant.base.text import fold

ADEQUATE = frozenset({"confirmed", "partly_confirmed"})

_SPACES = re.compile(r"\s+")
# Words ignored when comparing texts or reading acronym initials.
_STOP = frozenset(
    "a an and the of to in on for by with or per at as is are be y o de del la las el los en un una "
    "por para con al se que lo su sus".split()
)


def norm_choice(text: str) -> str:
    """Normal form used to decide whether two choices are the same answer."""
    return re.sub(r"[^\w%]+", " ", fold(text)).strip()


def tokens(text: str) -> set[str]:
    return {t for t in norm_choice(text).split() if t not in _STOP}


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of content words: guards against two choices saying the same thing."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def contains_phrase(folded_text: str, phrase: str) -> bool:
    folded_phrase = fold(phrase)
    if not folded_phrase:
        return False
    return re.search(rf"(?<![\w.]){re.escape(folded_phrase)}(?![\w]|\.\d)", folded_text) is not None


_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZÁÉÍÓÚÑ(¿¡])")


def first_sentence(text: str | None, limit: int = 260, min_chars: int = 0) -> str | None:
    """The first sentence of ``text`` (questions quote it; the rest is for the explanation).

    ``min_chars``: keep adding sentences while shorter than this (an opening like "COPC judges
    every requirement on two things." says too little on its own).
    """
    if not text:
        return None
    text = _SPACES.sub(" ", text).strip()
    end = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        if end >= min_chars:
            break
    else:
        end = len(text)
    sentence = text[:end] if end else text
    sentence = sentence.rstrip(" .;")
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;: ") + "…"
    return sentence


def title_ok(entry: Entry) -> bool:
    return (entry.title_confidence or entry.confidence) in ADEQUATE


def content_ok(entry: Entry) -> bool:
    return entry.confidence in ADEQUATE


def title(entry: Entry, language: str) -> str:
    return entry.version(language).title


def plain_title(entry: Entry, language: str) -> str:
    """Title without a trailing acronym in brackets: "Average handle time (AHT)" -> "Average handle time"."""
    t = title(entry, language)
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", t.strip())
    if m and _is_acronym(m.group(2).strip()):
        return m.group(1).strip()
    return t


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        2 <= len(letters) <= 8
        and sum(c.isupper() for c in letters) >= 2
        and re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{1,9}", text) is not None
        and " " not in text
    )


def _ends_with_acronym(text: str) -> bool:
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text.strip())
    return bool(m and _is_acronym(m.group(2).strip()))


def _split_brackets(text: str) -> tuple[str, str] | None:
    """(acronym, other side) of "Title (ABC)" or "ABC (Title)", without judging whether they match."""
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text.strip())
    if not m:
        return None
    outer, inner = m.group(1).strip(), m.group(2).strip()
    if _is_acronym(inner) and not _is_acronym(outer):
        return inner, outer
    if _is_acronym(outer) and not _is_acronym(inner):
        return outer, inner
    return None


def split_acronym(text: str) -> tuple[str, str] | None:
    """(acronym, expansion) from "Average handle time (AHT)" or "KCRP (Key Customer-Related Process)".

    Only when the letters really are the expansion's initials: "Performance Improvement Guide (GMD)"
    names the guide by its Spanish initials, and "Procesos clave relacionados con el cliente (PCRC) y
    procesos clave de apoyo (PCA)" is a title, not what PCA stands for.
    """
    split = _split_brackets(text)
    if split and initials_match(*split):
        return split
    return None


# A significant word may lend up to this many leading letters (CSAT = Customer SATisfaction).
_MAX_PREFIX = 3


def initials_match(acronym: str, expansion: str) -> bool:
    """Whether ``acronym`` is spelled by the initials of ``expansion``'s words, in order.

    Every significant word gives its initial (or its first few letters); stop words ("de", "la",
    "of", ...) may give theirs or be skipped. "GMD" matches "Guía para la Mejora del Desempeño" but
    not "Performance Improvement Guide".
    """
    raw = acronym.strip()
    if len(raw) > 2 and raw.endswith("s") and raw[:-1].isupper():
        raw = raw[:-1]  # a plural: "KCRPs"
    letters = "".join(c for c in fold(raw) if c.isalnum())
    words = [w for w in re.split(r"[^\w]+", fold(expansion)) if w]
    if not letters or len(words) < 2:
        return False  # one word is a name, not an expansion ("RFX" is not short for "RFx")

    def match(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        word = words[j]
        stop = word in _STOP
        if stop and match(i, j + 1):
            return True
        longest = 1 if stop else min(_MAX_PREFIX, len(word))
        return any(letters[i:i + k] == word[:k] and match(i + k, j + 1) for k in range(1, longest + 1))

    return match(0, 0)


_UNSURE_EXPANSION = re.compile(r"inferred|inferid|not confirmed|unconfirmed|sin confirmar|no confirmad|not seen", re.I)
_EXPANSION_WORD = re.compile(r"expansi[oó]n|acronym|sigla", re.I)
_NAME_WORD = re.compile(r"\b(?:term|name|title|t[eé]rmino|nombre|t[ií]tulo)s?\b", re.I)
_LANGUAGE_WORD = {"en": re.compile(r"\benglish\b|\bingl[eé]s\b", re.I), "es": re.compile(r"\bspanish\b|\bespa[nñ]ol\b", re.I)}
_CLAUSE = re.compile(r"(?<=[.;])\s+")


def expansion_unsure(entry: Entry, abbr: str, language: str, expansion: str = "") -> bool:
    """Whether the knowledge base itself doubts what ``abbr`` stands for in ``language``.

    Entries can be confirmed as a whole while one expansion is inferred ("PCA confirmed as an
    acronym but its expansion is inferred", "Spanish term inferred"): such caveats live in the
    provenance note and in key points, read clause by clause so that "placing FCR in the Quality
    family is inferred" does not cast doubt on what FCR stands for.
    """
    texts = [*_CLAUSE.split(entry.provenance.note or "")]
    for version in (entry.en, entry.es):
        if version is not None:
            texts.extend(version.key_points)
    names_abbr = re.compile(rf"(?<!\w){re.escape(abbr)}(?!\w)", re.I)
    for clause in texts:
        if not _UNSURE_EXPANSION.search(clause):
            continue
        if _EXPANSION_WORD.search(clause) and (
            names_abbr.search(clause)
            or (expansion and contains_phrase(fold(clause), expansion))
            or not re.search(r"\b[A-Z]{2,}\b", clause)
        ):
            return True  # "PCA ... its expansion is inferred", "its expansion 'Proceso Clave de Apoyo' is inferred"
        if _NAME_WORD.search(clause) and _LANGUAGE_WORD[language].search(clause):
            return True  # "Spanish term inferred": the Spanish expansion is a guess
    return False


def acronym(entry: Entry, language: str) -> tuple[str, str] | None:
    """(acronym, what it stands for) in ``language``, if the entry is named by one.

    From the title ("Average handle time (AHT)") or from an alias whose letters are the initials of
    the title's words ("BCP" for "Business Continuity Planning"). Never guessed from loose aliases
    such as "QA" for "Transaction Monitoring", never an expansion in another language's initials
    ("GMD" is Spanish), never an expansion the knowledge base marks as inferred.
    """
    if not entry.has_language(language):
        return None
    version = entry.version(language)
    found = split_acronym(version.title)
    if not found:
        found = next(
            ((a, version.title) for a in version.aliases
             if _is_acronym(a) and a.isupper() and initials_match(a, version.title)),
            None,
        )
    if found and expansion_unsure(entry, found[0], language, found[1]):
        return None
    return found


def names(entry: Entry) -> set[str]:
    """Every folded name of an entry in both languages: titles, aliases, acronyms."""
    out: set[str] = set()
    for version in (entry.en, entry.es):
        if version is None:
            continue
        out.add(fold(version.title))
        out.update(fold(a) for a in version.aliases)
        split = _split_brackets(version.title)
        if split:
            out.update(fold(x) for x in split)
    return {n for n in out if n}


def formula(entry: Entry, language: str) -> str | None:
    """The formula's first sentence (the calculation itself, without the caveats that follow)."""
    if not entry.has_language(language):
        return None
    return first_sentence(entry.version(language).formula)


# Key points carrying their own caveat are not facts to quiz on.
_UNSURE = re.compile(
    r"inferred|inferid|truncat|not seen|no se vio|unconfirmed|sin confirmar|not found|no se encontr|"
    r"not established|no establecid|unclear|no est[aá] claro|uncertain|incierto|\?",
    re.I,
)


def term_definitions(entry: Entry, language: str) -> list[tuple[str, str]]:
    """Key points written as "Term: definition" (e.g. "Approach: what you do to meet ...")."""
    if not entry.has_language(language):
        return []
    out: list[tuple[str, str]] = []
    for point in entry.version(language).key_points:
        m = re.fullmatch(r"([^\W\d][\w'’ /-]{0,40}?):\s+(.{12,})", point.strip())
        if not m or _UNSURE.search(point):
            continue
        term, definition = m.group(1).strip(), m.group(2).strip().rstrip(".")
        if len(term.split()) <= 3 and not re.search(r"\d", term):
            out.append((term, definition))
    # Two terms with the same name would make a swapped statement ambiguous.
    seen: dict[str, int] = {}
    for term, _ in out:
        seen[fold(term)] = seen.get(fold(term), 0) + 1
    return [(t, d) for t, d in out if seen[fold(t)] == 1]


def release_items(kb: KnowledgeBase, release: str, language: str) -> list[Entry]:
    """Items of ``release`` with a usable title in ``language``, in item-number order."""
    items = [
        e for e in kb.entries.values()
        if e.kind == "item" and e.release == release and title_ok(e) and e.has_language(language)
    ]
    return sorted(items, key=lambda e: item_sort_key(e.item or ""))


def item_sort_key(number: str) -> tuple:
    major, _, minor = number.partition(".")
    return (0 if major.isdigit() else 1, int(major) if major.isdigit() else major, int(minor) if minor.isdigit() else 0)


def category_entry(kb: KnowledgeBase, entry: Entry) -> Entry | None:
    """The category entry an item belongs to: the release's own, else the generic one."""
    if not entry.category:
        return None
    generic = None
    for cat in kb.by_kind("category"):
        if cat.category != entry.category:
            continue
        if cat.release == entry.release:
            return cat
        if cat.release is None:
            generic = cat
    return generic


def release_categories(kb: KnowledgeBase, release: str | None) -> list[Entry]:
    """Categories of a release (its own entries, or the generic ones when it has none)."""
    own = [c for c in kb.by_kind("category") if c.release == release and c.category]
    if own:
        return own
    return [c for c in kb.by_kind("category") if c.release is None and c.category]


def release_name(kb: KnowledgeBase, release: str | None, language: str) -> str | None:
    rel = kb.releases.get(release or "")
    if rel is None:
        return None
    return rel.name_es if language == "es" else rel.name_en
