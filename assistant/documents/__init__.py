"""The organisation's own documents: the licensed standard, training decks, site procedures.

Parsers per format (``parsers``), passages that follow the document's sections (``passages``),
COPC item headings and references (``items``), incremental atomic ingestion with a manifest of
content hashes (``ingest``), and the searchable library with its evidence map and coverage
report (``library``, ``coverage``). Sits beside training and KPIs, above knowledge: it reuses the
knowledge feature's embedder and vector index, and links passages to knowledge-base items.
"""
