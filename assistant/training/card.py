"""The recap card shown before a quiz: what the item or KPI requires or means, key points, related
items or KPIs, the release, and citation numbers. Plain data; templates and Slack blocks render it.
"""

from __future__ import annotations

from typing import Any

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry

from assistant.training import facts
from assistant.training.generator import Question
from assistant.training.topics import Topic

MAX_OVERVIEW_ENTRIES = 6
MAX_RELATED = 6


def entry_card(kb: KnowledgeBase, e: Entry, language: str, n: int, *, detailed: bool) -> dict[str, Any]:
    v = e.version(language)
    cat = facts.category_entry(kb, e) if e.kind == "item" else None
    card: dict[str, Any] = {
        "id": e.id,
        "kind": e.kind,
        "title": v.title,
        "item": e.item,
        "release": e.release,
        "category": f"{cat.category} {facts.title(cat, language)}" if cat else None,
        "summary": v.summary,
        "confidence": e.confidence,
        "title_confidence": e.title_confidence or e.confidence,
        # The recap says so plainly when the content itself is not confirmed by a COPC source.
        "content_inferred": e.confidence == "inferred",
        "n": n,
    }
    if detailed:
        card.update(key_points=list(v.key_points), formula=v.formula, benchmark=v.benchmark)
    else:
        card["summary"] = facts.first_sentence(v.summary, limit=200)
    return card


def build_card(
    kb: KnowledgeBase, topic: Topic, questions: list[Question], language: str, numbers: dict[str, int]
) -> dict[str, Any]:
    """``numbers`` maps entry ids to their citation numbers in the answer."""
    single = topic.kind in ("item", "kpi", "glossary", "concept") and len(topic.focus) == 1
    if single:
        entries = topic.focus
    else:
        # What the quiz asks about first, then the rest of the topic; shown in reading order.
        subjects = [q.cite for q in questions]
        entries = list({e.id: e for e in [*subjects, *topic.focus]}.values())[:MAX_OVERVIEW_ENTRIES]
        entries = sorted(entries, key=lambda e: _reading_order(kb, e))
    related = []
    if single:
        own_names = facts.names(topic.focus[0])
        for rid in topic.focus[0].related:
            other = kb.entries.get(rid)
            # Categories are named in the heading; a glossary twin of the focus adds nothing.
            if other is None or other.kind == "category" or facts.names(other) & own_names and other.kind != "item":
                continue
            related.append({
                "id": other.id, "kind": other.kind, "item": other.item, "release": other.release,
                "title": facts.title(other, language),
            })
    return {
        "type": topic.kind,
        "label": topic.label,
        "release": topic.release if topic.kind in ("item", "release", "category", "general") else None,
        "release_name": facts.release_name(kb, topic.release, language)
        if topic.kind in ("item", "release", "category", "general") else None,
        "entries": [entry_card(kb, e, language, numbers.get(e.id, 0), detailed=single) for e in entries],
        "related": related[:MAX_RELATED],
        "questions": len(questions),
    }


_KIND_ORDER = {"item": 0, "kpi": 1, "concept": 2, "glossary": 3}


def _reading_order(kb: KnowledgeBase, e: Entry) -> tuple:
    """Items by release then number (numerically: 2.10 after 2.9), then KPIs, concepts, terms."""
    releases = list(kb.releases)
    release_rank = releases.index(e.release) if e.release in releases else len(releases)
    return (_KIND_ORDER.get(e.kind, 4), release_rank, facts.item_sort_key(e.item or ""), facts.title(e, "en").casefold())
