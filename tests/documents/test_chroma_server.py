"""Passages on a real Chroma server: one replica ingests, another answers from the server
(no local vector files) with the page citation."""

from __future__ import annotations

import pytest

from assistant.base.caller import Caller
from assistant.base.settings import load_settings
from assistant.composition.assistant import Assistant
from assistant.documents.sources import Target
from tests.fixtures.documents import TOPICS, procedure_pdf
from tests.knowledge.search.test_chroma_server import chroma_server  # noqa: F401  (module fixture)

pytestmark = pytest.mark.slow


def test_ingest_on_one_replica_answer_on_another(tmp_path, assistant, chroma_server):  # noqa: F811
    def replica(name: str) -> Assistant:
        settings = load_settings(
            data_dir=tmp_path / name,
            search={"chroma_host": "127.0.0.1", "chroma_port": chroma_server, "collection": f"k{tmp_path.name[-12:]}"},
            documents={"collection": f"d{tmp_path.name[-12:]}"},
        )
        a = Assistant(settings)
        a._embedder = assistant.embedder
        return a

    pdf = procedure_pdf(tmp_path / "proc.pdf", TOPICS[:4], "en")
    writer = replica("a")
    result = writer.ingestor().run([Target(pdf, kind="procedure")])
    assert result.files[0].status == "ok" and result.build.embedded == 4
    assert not list((tmp_path / "a" / "index").glob("*.vectors.npz"))  # the server is the only store

    reader = replica("b")
    hits = reader.documents.search("How often do quality analysts compare their scores?", k=1)
    assert hits[0][0].document == "proc.pdf" and hits[0][0].page == 1
    assert reader.documents.evidence("2.3")[0].page == 2
    again = reader.ingestor().run([Target(pdf, kind="procedure")])
    assert again.files[0].status == "skipped" and again.build is None
