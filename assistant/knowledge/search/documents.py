"""Turn knowledge entries into searchable documents: one per entry and language version.

Each language version is its own document (``<id>#en``, ``<id>#es``) so a Spanish question can
be matched against Spanish text, English text, or both, and so cross-lingual recall can be
measured by restricting the search to the other language.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from assistant.knowledge.kb.loader import KnowledgeBase
from assistant.knowledge.kb.schema import Entry

_KIND_LABEL = {
    "en": {"item": "COPC item", "category": "COPC category", "concept": "COPC concept", "kpi": "KPI",
           "glossary": "Glossary term", "release": "COPC release"},
    "es": {"item": "Ítem COPC", "category": "Categoría COPC", "concept": "Concepto COPC", "kpi": "Indicador (KPI)",
           "glossary": "Término del glosario", "release": "Versión COPC"},
}


@dataclass(frozen=True)
class Document:
    doc_id: str  # "<entry id>#<language>"
    entry_id: str
    language: str
    text: str  # what is embedded and indexed lexically
    content_hash: str  # changes whenever the text changes: drives incremental indexing

    @property
    def metadata(self) -> dict[str, str]:
        return {"entry_id": self.entry_id, "language": self.language, "hash": self.content_hash}


def document_text(entry: Entry, language: str) -> str:
    v = entry.en if language == "en" else entry.es
    assert v is not None
    head = _KIND_LABEL[language][entry.kind]
    if entry.kind == "item":
        head = f"{head} {entry.item} ({entry.release})"
    elif entry.release:
        head = f"{head} ({entry.release})"
    parts = [f"{head}: {v.title}."]
    if v.aliases:
        parts.append(" / ".join(v.aliases) + ".")
    if v.summary:
        parts.append(v.summary)
    parts.extend(v.key_points)
    if v.formula:
        parts.append(v.formula)
    return " ".join(p.strip() for p in parts if p and p.strip())


def build_documents(kb: KnowledgeBase) -> list[Document]:
    docs = []
    for entry in kb.entries.values():
        for language in ("en", "es"):
            if not entry.has_language(language):
                continue
            text = document_text(entry, language)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            docs.append(Document(f"{entry.id}#{language}", entry.id, language, text, digest))
    return docs
