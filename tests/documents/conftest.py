"""Fixtures for the documents feature: generated files and an assistant with its own passage
collection (the session's model and knowledge index are shared: loading them costs seconds)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from assistant.composition.assistant import Assistant
from tests.fixtures.documents import TOPICS, deck_pptx, procedure_docx, procedure_pdf, standard_pdf


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    standard_pdf(folder / "standard-csp51.pdf")
    procedure_pdf(folder / "procedures-en.pdf", TOPICS, "en")
    procedure_docx(folder / "procedimientos-es.docx", TOPICS, "es")
    deck_pptx(folder / "training-deck.pptx", TOPICS[:6], "en")
    return folder


def make_assistant(base: Assistant, **documents) -> Assistant:
    settings = base.settings.model_copy(update={"documents": base.settings.documents.model_copy(
        update={"collection": f"p{uuid.uuid4().hex[:10]}", **documents})})
    a = Assistant(settings)
    a._embedder = base.embedder
    a._index, a._kb = base.index, base.kb  # the session's knowledge index, already built
    return a


@pytest.fixture
def doc_assistant(assistant) -> Assistant:
    return make_assistant(assistant)


@pytest.fixture(scope="module")
def loaded(assistant, corpus) -> Assistant:
    """One assistant with the generated corpus ingested (standard, procedures EN/ES, deck)."""
    from assistant.documents.sources import Target

    a = make_assistant(assistant)
    targets = [
        Target(corpus / "standard-csp51.pdf", kind="standard"),
        Target(corpus / "procedures-en.pdf", kind="procedure"),
        Target(corpus / "procedimientos-es.docx", kind="procedure"),
        Target(corpus / "training-deck.pptx", kind="training"),
    ]
    result = a.ingestor().run(targets)
    assert all(r.status == "ok" for r in result.files), [r.to_json() for r in result.files]
    return a
