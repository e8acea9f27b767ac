"""The ingested documents at question time: passage search with audience rules, the standard's
own text per item, and the evidence map (which documents cover which item).

Passages and vectors come from the live build of the passage collection (its manifest is that
build's snapshot), re-checked at most every few seconds so a new ingest is picked up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote

from assistant.base.settings import Settings
from assistant.documents.model import EVERYONE, Passage
from assistant.documents.passages import sentences
from assistant.knowledge.search.vector_index import VectorIndex

_RECHECK_SECONDS = 5.0


@dataclass(frozen=True)
class Evidence:
    document: str
    page: int
    section: str
    how: str  # mentions | related
    url: str
    passage_id: str

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "page": self.page, "section": self.section, "how": self.how}


def visible(passage: Passage, audiences: frozenset[str] | None) -> bool:
    """None = no restriction (the local operator); otherwise the passage's audience must be
    everyone or one of the caller's (role, user groups, owner)."""
    return audiences is None or passage.audience == EVERYONE or passage.audience in audiences


class DocumentLibrary:
    def __init__(self, settings: Settings, index: VectorIndex, embedder: Callable[[], Any]):
        self.settings = settings
        self.index = index
        self._embedder = embedder
        self._name: str | None = None
        self._checked = 0.0
        self._passages: dict[str, Passage] = {}

    # ---- state ---------------------------------------------------------------------------------
    def passages(self) -> dict[str, Passage]:
        now = time.monotonic()
        if now - self._checked < _RECHECK_SECONDS:
            return self._passages
        self._checked = now
        try:
            name = None if self.index.never_built_here() else self.index.current()[0]
        except Exception:  # no passage index at all: no documents
            name = None
        if name != self._name:
            from assistant.documents.ingest import read_state

            state = read_state(self.index) if name else None
            files = (state or {}).get("files", {})
            self._passages = {p["id"]: Passage.from_json(p) for f in files.values() for p in f["passages"]}
            self._name = name
        return self._passages

    def has_documents(self) -> bool:
        return bool(self.passages())

    def url(self, passage: Passage) -> str:
        base = self.settings.documents.base_url
        if base:
            return f"{base.rstrip('/')}/{quote(passage.document)}#page={passage.page}"
        return f"{Path(passage.path).as_uri()}#page={passage.page}"

    # ---- search --------------------------------------------------------------------------------
    def search(self, query: str, *, k: int = 3, audiences: frozenset[str] | None = None,
               kinds: Iterable[str] | None = None, doc_language: str | None = None) -> list[tuple[Passage, float]]:
        passages = self.passages()
        if not passages:
            return []
        kinds = set(kinds) if kinds else None
        vector = self._embedder().encode_queries([query])[0]
        wanted = max(k * 8, 40)
        while True:
            hits = self.index.query(vector, min(wanted, len(passages)), doc_language)
            out = []
            for pid, _lang, sim in hits:
                p = passages.get(pid)
                if p is not None and visible(p, audiences) and (kinds is None or p.kind in kinds):
                    out.append((p, sim))
            if len(out) >= k or wanted >= len(passages):
                return out[:k]
            wanted *= 4  # most passages were for other audiences or kinds: look further

    # ---- the standard's own text -----------------------------------------------------------------
    def requirement(self, release: str, number: str, audiences: frozenset[str] | None) -> list[Passage]:
        """Passages of the organisation's copy of ``release`` under item ``number``, in page order."""
        found = [p for p in self.passages().values()
                 if p.kind == "standard" and p.release == release and p.item == number and visible(p, audiences)]
        return sorted(found, key=lambda p: (p.document, p.page))

    def quote(self, passage: Passage) -> str:
        """A short quote: whole sentences up to documents.quote_chars."""
        limit = self.settings.documents.quote_chars
        out = ""
        for sentence in sentences(passage.text.replace("\n", " ")):
            if out and len(out) + 1 + len(sentence) > limit:
                return out + " […]"
            out = f"{out} {sentence}".strip()
        if len(out) > limit:  # one long sentence: cut at a word, marked
            out = out[:limit].rsplit(" ", 1)[0] + " […]"
        return out

    # ---- evidence map --------------------------------------------------------------------------
    def evidence(self, number: str, audiences: frozenset[str] | None = None) -> list[Evidence]:
        """Passages of non-standard documents that name item ``number`` ("mentions") or resemble it
        ("related"), one entry per document page and section; mentions first."""
        rows: dict[tuple[str, int, str], Evidence] = {}
        for p in self.passages().values():
            if p.kind == "standard" or not visible(p, audiences):
                continue
            how = "mentions" if number in p.mentions else "related" if number in p.related else None
            if how is None:
                continue
            key = (p.document, p.page, p.section)
            if key not in rows or (how == "mentions" and rows[key].how == "related"):
                rows[key] = Evidence(p.document, p.page, p.section, how, self.url(p), p.id)
        return sorted(rows.values(), key=lambda e: (e.how != "mentions", e.document, e.page))
