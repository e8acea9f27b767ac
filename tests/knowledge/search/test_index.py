"""Index builds: incremental (content hashes), atomic (a failed build leaves the old index), and a
broken knowledge file never takes answers down. Real model, real chromadb in a temp folder."""

import shutil
from pathlib import Path

import pytest

from assistant.base.caller import Caller
from assistant.base.settings import load_settings
from assistant.knowledge.kb.loader import KnowledgeError, load_knowledge
from assistant.composition.assistant import Assistant

pytestmark = pytest.mark.slow

SMALL = """\
entries:
  - id: concept-alpha
    kind: concept
    en: {title: Approach and deployment, summary: "An approach is the documented method; deployment is how consistently it is applied."}
    es: {title: Enfoque y despliegue, summary: "El enfoque es el método documentado; el despliegue es qué tan consistente se aplica."}
    provenance: {sources: [S11]}
    confidence: confirmed
    reviewed: 2026-11-23
  - id: concept-beta
    kind: concept
    en: {title: Recertification, summary: "Certification is renewed every two years through a new audit."}
    provenance: {sources: [S11]}
    confidence: partly_confirmed
    reviewed: 2026-11-23
"""


@pytest.fixture()
def small_kb(tmp_path):
    kb = tmp_path / "knowledge"
    kb.mkdir()
    shutil.copy(Path(load_settings().knowledge_dir) / "releases.yaml", kb / "releases.yaml")
    (kb / "concepts.yaml").write_text(SMALL, encoding="utf-8")
    return kb


@pytest.fixture()
def make_assistant(tmp_path, small_kb, assistant):
    # Reuse the session's loaded model: only the index and knowledge differ per test.
    def make():
        a = Assistant(load_settings(data_dir=tmp_path / "var", knowledge_dir=small_kb))
        a._embedder = assistant.embedder
        return a
    return make


def test_incremental_build_embeds_only_changes(make_assistant, small_kb):
    first = make_assistant().build_index()
    assert first.changed and first.embedded == 3  # alpha#en, alpha#es, beta#en
    again = make_assistant().build_index()
    assert not again.changed and again.embedded == 0
    text = (small_kb / "concepts.yaml").read_text().replace("every two years", "every 24 months")
    (small_kb / "concepts.yaml").write_text(text)
    third = make_assistant().build_index()
    assert third.changed and third.embedded == 1 and third.reused == 2


def test_failed_build_keeps_old_index_serving(make_assistant, small_kb, monkeypatch):
    a = make_assistant()
    a.build_index()
    before, _ = a.index.current()
    (small_kb / "concepts.yaml").write_text(SMALL.replace("two years", "three years"))

    b = make_assistant()

    def broken(texts):
        raise RuntimeError("disk full while embedding")

    monkeypatch.setattr(b.embedder, "encode_documents", broken)
    with pytest.raises(RuntimeError):
        b.build_index()
    monkeypatch.undo()
    after, _ = b.index.current()
    assert after == before
    # no half-built collection is left behind
    names = {c.name for c in b.index.client.list_collections()}
    assert names == {before, f"{b.index.base}-current"}
    assert b.answer("what is recertification?", caller=Caller.local_operator()).citations[0].id == "concept-beta"


def test_broken_knowledge_file_serves_last_good_index(make_assistant, small_kb):
    make_assistant().build_index()
    (small_kb / "concepts.yaml").write_text(SMALL.replace("confidence: confirmed", "confidence: sure"))
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(small_kb)
    assert "concepts.yaml, line" in str(err.value) and "confidence" in str(err.value)
    a = make_assistant()
    answer = a.answer("what is recertification?", caller=Caller.local_operator())
    assert answer.citations and answer.citations[0].id == "concept-beta"
    assert a.kb_warning and "concepts.yaml" in a.kb_warning


def test_broken_knowledge_without_index_is_a_clear_error(tmp_path, small_kb):
    from assistant.composition.assistant import AssistantError

    (small_kb / "concepts.yaml").write_text("entries: [unclosed\n")
    a = Assistant(load_settings(data_dir=tmp_path / "empty", knowledge_dir=small_kb))
    with pytest.raises(AssistantError, match="concepts.yaml, line"):
        a.answer("what is recertification?", caller=Caller.local_operator())


def test_loader_reports_bad_dates_duplicate_numbers_and_no_cascade(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(Path(load_settings().knowledge_dir), kb)
    glossary = kb / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("reviewed: 2026-11-23", "reviewed: 2026-13-45", 1))
    items = kb / "items" / "cx-6.0.yaml"
    items.write_text(items.read_text().replace('item: "2.4"', 'item: "2.3"', 1))
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(kb)
    problems = err.value.problems
    assert any(p.startswith("glossary.yaml, line ") and "month must be in 1..12" in p for p in problems)
    # references into the unreadable glossary are not reported as dozens of unknown ids
    assert not any("unknown id 'gloss-" in p for p in problems)
    glossary.write_text(glossary.read_text().replace("reviewed: 2026-13-45", "reviewed: 2026-11-23"))
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(kb)
    [dup] = err.value.problems
    assert dup.startswith("items/cx-6.0.yaml, line ") and "field 'item'" in dup and "cx60-2.3" in dup


def test_questions_use_the_local_vector_file_and_fall_back_to_chromadb(make_assistant, caplog):
    """The embedded index mirrors its live collection in a numpy file (no chromadb import when
    answering); its ranking equals chromadb's, and a damaged file falls back to chromadb."""
    import logging

    from assistant.knowledge.search.vector_index import VECTORS_SUFFIX

    a = make_assistant()
    a.build_index()
    name, meta = a.index.current()
    assert meta["live"] == name and "|onnx-" in meta["model"]
    vector = a.embedder.encode_queries(["how often is certification renewed?"])[0]
    local = a.index.query(vector, 3)
    a.index._files = False  # the same question straight through chromadb
    remote = a.index.query(vector, 3)
    assert [(e, lang) for e, lang, _ in local] == [(e, lang) for e, lang, _ in remote]
    assert all(abs(x[2] - y[2]) < 1e-4 for x, y in zip(local, remote))
    assert local[0][0] == "concept-beta"

    (a.settings.index_dir / f"{name}{VECTORS_SUFFIX}").write_bytes(b"not a numpy file")
    caplog.set_level(logging.WARNING, logger="assistant.knowledge.search.vector_index")
    b = make_assistant()
    assert b.answer("what is recertification?", caller=Caller.local_operator()).citations[0].id == "concept-beta"
    assert "unreadable" in caplog.text
