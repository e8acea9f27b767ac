"""`copc coverage`: per item of a release, the evidence the organisation's documents hold, and
the items with none (the audit-readiness gap list)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from assistant.documents.library import DocumentLibrary, Evidence
from assistant.knowledge.kb.loader import KnowledgeBase

FORMATS = ("table", "csv", "json", "md")


@dataclass(frozen=True)
class CoverageRow:
    item: str
    title: str
    release: str
    evidence: list[Evidence]

    def to_json(self) -> dict:
        return {"item": self.item, "title": self.title, "release": self.release,
                "evidence": [e.to_json() for e in self.evidence]}


def _item_key(number: str) -> tuple:
    major, _, minor = number.partition(".")
    return (int(major) if major.isdigit() else ord(major[0]), int(minor) if minor.isdigit() else 0)


def coverage(kb: KnowledgeBase, library: DocumentLibrary, release: str, language: str = "en") -> list[CoverageRow]:
    items = sorted((e for e in kb.items() if e.release == release and e.item), key=lambda e: _item_key(e.item))
    return [CoverageRow(e.item, e.version(language).title, release, library.evidence(e.item)) for e in items]


def render(rows: list[CoverageRow], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1)
    flat = [(r.item, r.title, e.document, e.page, e.section, e.how) for r in rows for e in r.evidence]
    flat += [(r.item, r.title, "", "", "", "none") for r in rows if not r.evidence]
    flat.sort(key=lambda x: _item_key(x[0]))
    header = ("item", "title", "document", "page", "section", "how")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(flat)
        return out.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in flat]
        gaps = [r.item for r in rows if not r.evidence]
        lines += ["", f"Items with no evidence ({len(gaps)} of {len(rows)}): {', '.join(gaps) or '-'}"]
        return "\n".join(lines)
    widths = [max(len(str(row[i])) for row in [header, *flat]) for i in range(len(header))]
    widths = [min(w, 48) for w in widths]
    lines = ["  ".join(str(c)[:w].ljust(w) for c, w in zip(row, widths)).rstrip() for row in [header, *flat]]
    gaps = [r.item for r in rows if not r.evidence]
    lines += ["", f"Items with no evidence ({len(gaps)} of {len(rows)}): {', '.join(gaps) or '-'}"]
    return "\n".join(lines)
