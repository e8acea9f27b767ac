"""A JSON copy of the knowledge base an index was built from.

If someone breaks a knowledge file, answers keep coming from the last good index together with
the entries it was built from, instead of going dark.
"""

from __future__ import annotations

from typing import Any

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry, Release


def to_snapshot(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "releases": [r.model_dump(mode="json") for r in kb.releases.values()],
        "entries": [e.model_dump(mode="json") for e in kb.entries.values()],
        "hashes": kb.hashes,
        "files": kb.files,
    }


def from_snapshot(data: dict[str, Any]) -> KnowledgeBase:
    releases = {r["id"]: Release.model_validate(r) for r in data["releases"]}
    entries = {e["id"]: Entry.model_validate(e) for e in data["entries"]}
    return KnowledgeBase(releases=releases, entries=entries, hashes=data.get("hashes", {}), files=data.get("files", {}))
