"""Build citations from knowledge-base entries (shared by knowledge, KPI and quiz answers)."""

from __future__ import annotations

from assistant.base.answers import Citation
from assistant.base.messages import message
from assistant.knowledge.kb.schema import Entry

def source_label(entry: Entry, language: str = "en") -> str:
    """Where the content comes from: fact-sheet section and the sheet's source ids."""
    sheet, sources = message("citation.fact_sheet", language), message("citation.sources", language)
    section = f" {entry.provenance.section}" if entry.provenance.section else ""
    return f"{sheet}{section}; {sources} {', '.join(entry.provenance.sources)}"


def citation_for(entry: Entry, n: int, language: str) -> Citation:
    """Cite ``entry`` in ``language``, or in the other language when that is all it has."""
    lang = language if entry.has_language(language) else ("es" if language == "en" else "en")
    return Citation(
        n=n,
        id=entry.id,
        item=entry.item,
        release=entry.release,
        title=entry.version(lang).title,
        language=lang,  # type: ignore[arg-type]
        source=source_label(entry, language),
        confidence=entry.confidence,
    )
