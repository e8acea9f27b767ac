"""Schema of the knowledge base under ``knowledge/``.

Each YAML file holds ``entries:``, a list of entries. Every entry is validated on load; content is
data, so a writer who breaks a file gets an error naming file, line and field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Kind = Literal["item", "category", "concept", "kpi", "glossary", "release"]
Confidence = Literal["confirmed", "partly_confirmed", "inferred"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# "2.3", "2.10", "4.7", or lettered guide sections such as "B.2".
ITEM_RE = re.compile(r"^(?:[1-9]\d?|[A-Z])\.\d{1,2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LanguageVersion(_Strict):
    """One language's text of an entry. Only ``title`` is required."""

    title: str = Field(min_length=1)
    summary: str | None = None
    # Short bullet points: what the item requires / what a concept means in practice.
    key_points: list[str] = Field(default_factory=list)
    # KPI only: the formula in words, and benchmarks labelled as industry conventions.
    formula: str | None = None
    benchmark: str | None = None
    # Other names people use in this language (acronyms, synonyms, colloquial names).
    aliases: list[str] = Field(default_factory=list)


class Provenance(_Strict):
    # Source ids of ../shared/copc-facts.md (S16, SEED-ES, ...) and seed file names.
    sources: list[str] = Field(min_length=1)
    section: str | None = None  # section of the fact sheet, e.g. "§1.5 A"
    note: str | None = None  # caveats: contradictions, partial evidence, edition differences


class Entry(_Strict):
    id: str
    kind: Kind
    standard: str | None = None  # CSP, CX, VMO, GMD ...
    release: str | None = None  # a release id from releases.yaml, e.g. "CSP 5.1"
    item: str | None = None  # item number within the release, e.g. "2.3"
    category: str | None = None  # "1.0" .. "4.0"
    points: int | None = Field(default=None, ge=0, le=2000)
    en: LanguageVersion | None = None
    es: LanguageVersion | None = None
    related: list[str] = Field(default_factory=list)  # ids of related entries
    provenance: Provenance
    # Confidence of the content (summary / key points); titles may be better established.
    confidence: Confidence
    title_confidence: Confidence | None = None
    reviewed: dt.date
    # Who keeps the entry right (a Slack user id or a directory role) and how often it is
    # reviewed; absent = settings.owners defaults, so files written before stay valid.
    owner: str | None = Field(default=None, min_length=1)
    review_interval_days: int | None = Field(default=None, ge=1, le=3650)

    @field_validator("id")
    @classmethod
    def _id_format(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError("must be lowercase letters, digits, '.', '_' or '-'")
        return v

    @field_validator("item")
    @classmethod
    def _item_format(cls, v: str | None) -> str | None:
        if v is not None and not ITEM_RE.match(v):
            raise ValueError("must look like '2.3', '2.10' or 'B.2'")
        return v

    @model_validator(mode="after")
    def _consistency(self) -> "Entry":
        if self.en is None and self.es is None:
            raise ValueError("needs at least one language version ('en' or 'es')")
        if self.kind == "item" and not (self.release and self.item):
            raise ValueError("an item needs 'release' and 'item'")
        return self

    def version(self, language: str) -> LanguageVersion:
        """The requested language version, falling back to the other one."""
        primary = self.en if language == "en" else self.es
        return primary or self.en or self.es  # type: ignore[return-value]

    def has_language(self, language: str) -> bool:
        return (self.en if language == "en" else self.es) is not None


class Release(_Strict):
    """A release (edition) of a COPC standard; ``id`` is what answers and citations print."""

    id: str  # "CSP 5.1", "CX 6.0", "CX 7.0 CC" ...
    standard: str
    name_en: str
    name_es: str
    date: str | None = None
    # Release numbers that name it after a release word ("release 5.1", "versión 6.0", "R7").
    versions: list[str] = Field(default_factory=list)
    # Whole phrases that name it anywhere in a question ("for Customer Operations").
    aliases: list[str] = Field(default_factory=list)
    # Whether item lists for the release are known at all (R8.0: changes known, numbering not).
    numbered: bool = True
    # The language of the release's own text: its titles in that language are the official ones
    # (the VMO 5.1 and GMD 5.0a editions seen are Spanish; the English titles are translations).
    language: str = "en"
    sources: list[str] = Field(default_factory=list)
    note_en: str | None = None
    note_es: str | None = None


class ReleaseFile(_Strict):
    releases: list[Release]


class EntryFile(_Strict):
    entries: list[Entry]
