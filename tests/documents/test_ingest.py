"""Ingestion with the real model and chromadb: report, incremental re-runs, removal, bad input
that never costs the index, standards and their release, the `copc ingest --json` report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.documents.sources import Target, load_sources, targets_from_sources
from tests.documents.conftest import make_assistant
from tests.fixtures.documents import TOPICS, procedure_pdf, standard_pdf, write_pdf

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_report_and_incremental_reingest(doc_assistant, tmp_path):
    proc = procedure_pdf(tmp_path / "proc.pdf", TOPICS[:4], "en")
    std = standard_pdf(tmp_path / "std.pdf")
    ingestor = doc_assistant.ingestor()
    first = ingestor.run([Target(proc, kind="procedure"), Target(std, kind="standard")])
    by_name = {Path(r.path).name: r for r in first.files}
    assert by_name["proc.pdf"].status == "ok" and by_name["proc.pdf"].pages == 4 and by_name["proc.pdf"].passages == 4
    assert by_name["proc.pdf"].items >= 4  # "supports COPC 2.4/2.3/2.5/3.2" on each page
    assert by_name["std.pdf"].items == 3 and by_name["std.pdf"].pages == 4
    assert first.build.embedded == first.passages

    again = doc_assistant.ingestor().run([Target(proc, kind="procedure"), Target(std, kind="standard")])
    assert [r.status for r in again.files] == ["skipped", "skipped"] and again.build is None

    # One page changes: only its passage is embedded again.
    procedure_pdf(proc, (TOPICS[0], TOPICS[1], TOPICS[2], TOPICS[5]), "en")
    changed = doc_assistant.ingestor().run([Target(proc, kind="procedure"), Target(std, kind="standard")])
    assert [r.status for r in changed.files] == ["ok", "skipped"]
    assert changed.build.embedded == 1 and changed.build.removed == 1

    removed = doc_assistant.ingestor().run([], remove=[proc])
    assert removed.files[0].reason == "removed"
    passages = doc_assistant.documents.index.read_snapshot()["files"]
    assert list(passages) == [str(std.resolve())]


def test_bad_input_never_costs_the_index(doc_assistant, tmp_path):
    good = procedure_pdf(tmp_path / "good.pdf", TOPICS[:2], "en")
    ingestor = doc_assistant.ingestor()
    ingestor.run([Target(good, kind="procedure")])
    before = doc_assistant.documents.index.read_snapshot()["files"][str(good)]["passages"]
    # The good file is damaged in place; new bad files arrive beside a new good one.
    good.write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "empty.docx").write_bytes(b"")
    write_pdf(tmp_path / "locked.pdf", [[("p", "x")]], encrypt="pw")
    write_pdf(tmp_path / "scan.pdf", [[], []])
    (tmp_path / "big.txt").write_text("x " * 600_000, encoding="utf-8")
    (tmp_path / "table.xlsx").write_bytes(b"PK")
    other = procedure_pdf(tmp_path / "other.pdf", TOPICS[2:3], "en")
    names = ["good.pdf", "empty.docx", "locked.pdf", "scan.pdf", "big.txt", "table.xlsx", "other.pdf"]
    small = make_assistant(doc_assistant, max_file_mb=1)
    small._documents = None
    result = small.ingestor(index=doc_assistant.documents.index).run(
        [Target(tmp_path / n, kind="procedure") for n in names])
    status = {Path(r.path).name: (r.status, r.reason) for r in result.files}
    assert status["other.pdf"][0] == "ok"
    assert status["good.pdf"] == ("error", status["good.pdf"][1]) and "not a readable PDF" in status["good.pdf"][1]
    assert "empty file" in status["empty.docx"][1]
    assert "encrypted PDF" in status["locked.pdf"][1]
    assert "no text layer" in status["scan.pdf"][1]
    assert "too large" in status["big.txt"][1]
    assert "unsupported format" in status["table.xlsx"][1]
    files = doc_assistant.documents.index.read_snapshot()["files"]
    assert files[str(good)]["passages"] == before  # the old passages keep serving
    assert str(other) in files


def test_standard_release_detected_or_refused(doc_assistant, tmp_path):
    named = standard_pdf(tmp_path / "named.pdf", release_title="COPC CX Standard Release 6.0")
    anonymous = standard_pdf(tmp_path / "anon.pdf", release_title=None)
    result = doc_assistant.ingestor().run([Target(named, kind="standard"), Target(anonymous, kind="standard")])
    status = {Path(r.path).name: r for r in result.files}
    assert status["named.pdf"].status == "ok"
    assert "pass --release" in status["anon.pdf"].reason
    files = doc_assistant.documents.index.read_snapshot()["files"]
    assert files[str(named)]["release"] == "CX 6.0"
    forced = doc_assistant.ingestor().run([Target(anonymous, kind="standard", release="5.1")])
    assert forced.files[0].status == "ok"


def test_sources_file_globs(tmp_path):
    (tmp_path / "docs").mkdir()
    procedure_pdf(tmp_path / "docs" / "a.pdf", TOPICS[:1], "en")
    (tmp_path / "documents.yaml").write_text(
        "sources:\n  - {path: 'docs/*.pdf', kind: procedure, audience: manager}\n  - {path: missing.pdf}\n", encoding="utf-8")
    targets, missing = targets_from_sources(load_sources(tmp_path / "documents.yaml"), tmp_path)
    assert [(t.path.name, t.kind, t.audience) for t in targets] == [("a.pdf", "procedure", "manager")]
    assert [m.name for m in missing] == ["missing.pdf"]


def test_cli_ingest_json_report(tmp_path, corpus, core_settings):
    shutil.copy(corpus / "procedures-en.pdf", tmp_path / "p.pdf")
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    env = {**os.environ, "COPC_DATA_DIR": str(core_settings.data_dir), "COPC_DOCUMENTS__COLLECTION": f"cli{tmp_path.name[-8:]}"}
    done = subprocess.run([sys.executable, "-m", "assistant.cli.main", "ingest", str(tmp_path), "--kind", "procedure", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert done.returncode == 1  # one file failed
    assert {r["path"].rsplit("/", 1)[-1]: r["status"] for r in report} == {"bad.pdf": "error", "p.pdf": "ok"}
    ok = next(r for r in report if r["status"] == "ok")
    assert set(ok) >= {"path", "status", "reason", "pages", "passages", "items"} and ok["pages"] == 12
    assert "Traceback" not in done.stderr


def test_spanish_and_lettered_standards_link_their_items(doc_assistant, tmp_path):
    es = standard_pdf(tmp_path / "norma.pdf", release_title="Norma COPC PSIC versión 5.1", language="es",
                      items=[("2.3", "Acciones Correctivas y Mejora Sostenida"), ("3.3", "Formación y Desarrollo")])
    gmd = standard_pdf(tmp_path / "gmd.pdf", release_title="COPC GMD Standard Release 5.0a",
                       items=[("B.2", "Corrective Action and Continuous Improvement"), ("C.9", "Not an item here")])
    result = doc_assistant.ingestor().run([Target(es, kind="standard"), Target(gmd, kind="standard")])
    assert [r.status for r in result.files] == ["ok", "ok"]
    library = doc_assistant.documents
    quoted = library.requirement("CSP 5.1", "2.3", None)
    assert quoted and quoted[0].document == "norma.pdf" and quoted[0].page == 2 and quoted[0].language == "es"
    assert quoted[0].section == "Ítem 2.3 Acciones Correctivas y Mejora Sostenida"
    assert library.requirement("GMD 5.0a", "B.2", None)[0].page == 2
    # A heading number the release does not have links to nothing (no invented items).
    assert not library.requirement("GMD 5.0a", "C.9", None)
    assert result.files[1].items == 1


def test_removing_every_document_leaves_an_empty_library(doc_assistant, tmp_path):
    pdf = procedure_pdf(tmp_path / "only.pdf", TOPICS[:1], "en")
    doc_assistant.ingestor().run([Target(pdf, kind="procedure")])
    assert doc_assistant.documents.search("calibration sessions", k=1)
    result = doc_assistant.ingestor().run([], remove=[pdf])
    assert result.passages == 0 and result.build.documents == 0
    doc_assistant.documents._checked = 0.0  # skip the few seconds' re-check delay
    assert not doc_assistant.documents.has_documents()
    assert doc_assistant.documents.search("calibration sessions", k=1) == []
