"""Verification of knowledge content: who owns each entry, when it is due for review, and
recording a review in the YAML file itself.

An entry's owner and review interval come from the entry (``owner``, ``review_interval_days``)
or, when absent, from the configured defaults, so files written before this existed stay valid.
``verify`` edits files with ruamel.yaml's round-trip mode: only the ``reviewed`` value changes,
comments, quoting, folded text and key order stay as the writer left them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from assistant.knowledge.kb.loader import KnowledgeBase


class ReviewError(Exception):
    """A verify request names unknown entries or a file cannot be rewritten."""


@dataclass(frozen=True)
class ReviewStatus:
    entry_id: str
    title: str
    file: str  # path relative to the knowledge folder
    owner: str
    reviewed: dt.date
    interval_days: int

    @property
    def due(self) -> dt.date:
        return self.reviewed + dt.timedelta(days=self.interval_days)

    def overdue(self, today: dt.date) -> bool:
        return today >= self.due


def review_statuses(kb: KnowledgeBase, *, default_owner: str, default_interval_days: int) -> list[ReviewStatus]:
    """Every entry's review status, earliest due first."""
    out = []
    for entry in kb.entries.values():
        title = (entry.en or entry.es).title  # type: ignore[union-attr]
        out.append(ReviewStatus(
            entry_id=entry.id, title=title, file=kb.files.get(entry.id, ""),
            owner=entry.owner or default_owner, reviewed=entry.reviewed,
            interval_days=entry.review_interval_days or default_interval_days,
        ))
    return sorted(out, key=lambda s: (s.due, s.entry_id))


def due_for_review(statuses: list[ReviewStatus], today: dt.date) -> list[ReviewStatus]:
    return [s for s in statuses if s.overdue(today)]


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a writer's long lines
    # The knowledge files indent list items under their key ("entries:\n  - id: ...").
    yaml.indent(mapping=2, sequence=4, offset=2)
    # The same date set on several entries must be written out, not as a YAML anchor and aliases.
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def verify(knowledge_dir: Path, kb: KnowledgeBase, entry_ids: list[str], on: dt.date) -> dict[str, list[str]]:
    """Set ``reviewed: <on>`` on each entry in its file; returns {file: [entry ids]}.

    Unknown ids raise ReviewError before any file is touched.
    """
    unknown = [i for i in entry_ids if i not in kb.entries]
    if unknown:
        raise ReviewError(f"unknown entry id(s): {', '.join(unknown)}")
    by_file: dict[str, list[str]] = {}
    for entry_id in dict.fromkeys(entry_ids):
        by_file.setdefault(kb.files[entry_id], []).append(entry_id)
    yaml = _round_trip()
    for rel, ids in by_file.items():
        path = Path(knowledge_dir) / rel
        data = yaml.load(path.read_text(encoding="utf-8"))
        wanted = set(ids)
        for node in data.get("entries") or []:
            if node.get("id") in wanted:
                node["reviewed"] = on
                wanted.discard(node.get("id"))
        if wanted:
            raise ReviewError(f"{rel}: entries not found in the file: {', '.join(sorted(wanted))}")
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            yaml.dump(data, fh)
        tmp.replace(path)  # atomic: a reader never sees half a file
    return by_file
