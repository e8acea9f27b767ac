"""Plain data shared by the documents feature: blocks read from a file, passages, reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["standard", "training", "procedure", "other"]
KINDS: tuple[str, ...] = ("standard", "training", "procedure", "other")
EVERYONE = "everyone"
BlockKind = Literal["heading", "text", "row"]


class DocumentError(Exception):
    """A file cannot be read; the message is the one-line reason shown in the report."""


@dataclass(frozen=True)
class Block:
    """One unit a passage never splits: a heading, a paragraph (or slide text) or a table row."""

    kind: BlockKind
    text: str
    page: int  # 1-based page or slide number
    level: int = 0  # heading depth (1 = top)


@dataclass
class ParsedFile:
    blocks: list[Block]
    pages: int
    empty_pages: list[int] = field(default_factory=list)  # pages with no text layer


@dataclass(frozen=True)
class Passage:
    id: str  # "<document key>:<n>"
    document: str  # file name
    path: str  # absolute path of the ingested file
    page: int
    section: str  # heading path, " > " between levels
    text: str
    language: str
    kind: str
    audience: str
    release: str | None = None
    item: str | None = None  # the item whose heading this passage sits under (standard documents)
    mentions: tuple[str, ...] = ()  # items named explicitly ("COPC 2.3", "ítem 2.3")
    related: tuple[str, ...] = ()  # items found by similarity, not named

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["mentions"], out["related"] = list(self.mentions), list(self.related)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Passage:
        data = dict(data)
        data["mentions"] = tuple(data.get("mentions") or ())
        data["related"] = tuple(data.get("related") or ())
        return cls(**data)


@dataclass
class FileReport:
    """One line of the ingest report (``--json``: one object per file)."""

    path: str
    status: Literal["ok", "skipped", "error"]
    reason: str = ""
    pages: int = 0
    passages: int = 0
    items: int = 0  # distinct items detected (standard headings or explicit mentions)
    empty_pages: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "reason": self.reason, "pages": self.pages,
                "passages": self.passages, "items": self.items, "empty_pages": self.empty_pages}
