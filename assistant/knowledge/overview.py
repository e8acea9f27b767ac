"""List and overview questions answered from the knowledge base's structure.

"What are the categories?", "which items does CX 6.0 have in category 2?", "¿cuántos ítems tiene
la 7.0?": no single entry answers these, and the nearest one (a glossary gloss of *Category*) is a
wrong answer. The answer is built from the category and item entries themselves, each cited.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.base.answers import Answer, KnowledgeAnswer
from assistant.base.templates import render
from assistant.base.text import fold
from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.views import Citations, entry_view

_RELEASE_HISTORY = "concept-release-history"

_LIST = re.compile(
    r"\b(what|which|list|name|enumerate|show|give me|tell me)\b.{0,40}\b(categories|items|sections)\b"
    r"|\b(categories|items) (of|in|does|do|are there|are in|has|have)\b|\bhow many (categories|items)\b"
    r"|\ball (the )?(categories|items)\b"
    r"|\b(cuales|que|lista|listame|enumera|enumerame|nombra|dame|muestra|muestrame|dime)\b.{0,40}\b(categorias|items|secciones)\b"
    r"|\bcuant[oa]s (categorias|items)\b|\b(todas las categorias|todos los items)\b|\blista de (categorias|items)\b"
)
# "category 2", "categoría 2.0", and "the 2.x items" / "los ítems 2.x" (items numbered 2.something).
_CATEGORY = re.compile(r"\b(?:category|categoria|cat)\s*(\d)(?:\.0)?\b|(?<![\w.])(\d)\.x (?=items\b)|(?<=\bitems )(\d)\.x\b")


def overview_kind(folded: str) -> str | None:
    """"categories", "items" or None for a folded question (release phrase already removed)."""
    if not _LIST.search(folded):
        return None
    if "item" in folded or _CATEGORY.search(folded):
        return "items"
    return "categories" if "categor" in folded else "items"


def category_filter(folded: str) -> str | None:
    match = _CATEGORY.search(folded)
    return f"{match.group(1) or match.group(2) or match.group(3)}.0" if match else None


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else ord(p) for p in re.split(r"[.]", number))


def categories(kb: KnowledgeBase) -> list:
    """The generic category entries (1.0-4.0), in order."""
    cats = [e for e in kb.by_kind("category") if e.release is None and e.category]
    return sorted(cats, key=lambda e: _number_key(e.category))


def release_categories(kb: KnowledgeBase, release: str) -> list:
    """The categories of one release: its own category entries (with points when known), the
    generic ones for numbers it has none for; a release with only unnumbered entries (8.0) adds
    them after the generic categories."""
    own = [e for e in kb.by_kind("category") if e.release == release]
    numbered = {e.category for e in own if e.category}
    generic = [e for e in categories(kb) if e.category not in numbered]
    ordered = sorted([e for e in own if e.category] + generic, key=lambda e: _number_key(e.category))
    return ordered + [e for e in own if not e.category]


def release_items(kb: KnowledgeBase, release: str, category: str | None) -> list:
    items = [e for e in kb.items() if e.release == release]
    if category:
        items = [e for e in items if e.item and e.item.split(".")[0] == category.split(".")[0]]
    return sorted(items, key=lambda e: _number_key(e.item or "0"))


def is_overview(question: str) -> bool:
    return overview_kind(fold(question)) is not None


def answer_overview(responder: Any, question: str, parsed: Any, language: str, kind: str) -> Answer:
    """Categories, or the items of one release, built from the knowledge base's structure, for a
    ``KnowledgeResponder`` and its parsed question. A release the knowledge base does not cover
    is said to be not covered; categories of a named release carry their points when known."""
    kb: KnowledgeBase = responder.kb
    if parsed.other_release and parsed.release is None:
        history = kb.entries.get(_RELEASE_HISTORY)
        if not parsed.other_known or history is None:
            return responder.not_covered_release(question, parsed, language)
        # "how many items did release 3.4 have?": only the release history speaks of it.
        cites = Citations(language)
        main = entry_view(history, language, cites.cite(history))
        text = render(responder.settings.prompts_dir, "topic", language, main=main, same_title=[], see_also=[], lead=None,
                      release_note=None)
        return KnowledgeAnswer(question=question, language=language, text=text, citations=cites.items,  # type: ignore[arg-type]
                               ranked_ids=[history.id])
    cites = Citations(language)
    release = parsed.release or responder.default_release
    if kind == "categories":
        entries = release_categories(kb, parsed.release) if parsed.release else categories(kb)
        rows = [{"number": e.category, "title": e.version(language).title, "points": e.points, "n": cites.cite(e)}
                for e in entries]
    else:
        entries = release_items(kb, release, category_filter(parsed.remaining))
        rows = [{"number": e.item, "title": e.version(language).title, "points": e.points, "n": cites.cite(e),
                 "official_title": responder.official_title(e, language)} for e in entries]
    rel = kb.releases[release]
    text = render(responder.settings.prompts_dir, "overview", language, kind=kind, rows=rows,
                  release=release if kind == "items" or parsed.release else None,
                  release_name=responder.release_name(release, language), category=category_filter(parsed.remaining),
                  defaulted=parsed.release is None, unnumbered=not rel.numbered,
                  note=rel.note_en if language == "en" else rel.note_es)
    answer_release = release if kind == "items" or parsed.release else None
    return KnowledgeAnswer(question=question, language=language, text=text, citations=cites.items,  # type: ignore[arg-type]
                           ranked_ids=[c.id for c in cites.items], release=answer_release)
