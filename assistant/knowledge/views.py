"""What answer templates see of an entry, and citations numbered in order of first use."""

from __future__ import annotations

from typing import Any

from assistant.base.answers import Citation
from assistant.knowledge.citations import citation_for
from assistant.knowledge.kb.schema import Entry


class Citations:
    """Numbers citations in order of first use; the same entry keeps its number."""

    def __init__(self, language: str):
        self.language = language
        self.items: list[Citation] = []
        self._by_id: dict[str, int] = {}

    def cite(self, entry: Entry) -> int:
        if entry.id not in self._by_id:
            n = len(self.items) + 1
            self._by_id[entry.id] = n
            self.items.append(citation_for(entry, n, self.language))
        return self._by_id[entry.id]


def entry_view(entry: Entry, language: str, n: int | None) -> dict[str, Any]:
    version = entry.version(language)
    return {
        "id": entry.id,
        "title": version.title,
        "summary": version.summary,
        "key_points": version.key_points,
        "formula": version.formula,
        "benchmark": version.benchmark,
        "item": entry.item,
        "release": entry.release,
        "category": entry.category,
        "points": entry.points,
        "confidence": entry.confidence,
        "note": None,
        "official_title": None,  # set for items answered in the other language than their release's
        "other_language": not entry.has_language(language),
        "n": n,
    }
