"""Answers that use the organisation's documents: quoted requirement text in item answers,
site procedures cited to the page, the evidence map and coverage, and audience rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.base.caller import Caller
from assistant.documents.coverage import coverage, render
from assistant.documents.sources import Target
from assistant.people.directory import Directory, Person, load_directory
from tests.documents.conftest import make_assistant
from tests.fixtures.documents import TOPICS, procedure_pdf

pytestmark = pytest.mark.slow
OP = Caller.local_operator()


def test_item_answer_quotes_the_organisations_copy(loaded):
    answer = loaded.answer("what does 2.3 require?", caller=OP)
    quoted = [c for c in answer.citations if c.confidence == "quoted"]
    assert len(quoted) == 1
    c = quoted[0]
    assert (c.document, c.page, c.item, c.release) == ("standard-csp51.pdf", 2, "2.3", "CSP 5.1")
    assert c.section == "2.3 Corrective Action and Continuous Improvement"
    assert c.url.startswith("file://") and c.url.endswith("standard-csp51.pdf#page=2")
    assert "Test requirement 2.3: the site keeps a written method" in answer.text
    assert any(x.confidence != "quoted" for x in answer.citations)  # the knowledge base's entry stays
    data = answer.to_json()
    passage = next(x for x in data["citations"] if x["confidence"] == "quoted")
    assert {"document", "page", "section", "url"} <= set(passage)
    kb_citation = next(x for x in data["citations"] if x["confidence"] != "quoted")
    assert "document" not in kb_citation and "url" not in kb_citation  # contract keys unchanged


def test_item_without_a_copy_is_answered_as_before(loaded):
    answer = loaded.answer("what does 2.6 require?", caller=OP)
    assert answer.intent == "knowledge" and all(c.confidence != "quoted" for c in answer.citations)


@pytest.mark.parametrize("question, document, page", [
    ("how do we handle corrective actions here?", "procedures-en.pdf", 2),
    ("¿cuál es nuestro procedimiento de calibración?", "procedimientos-es.docx", 1),
    ("What happens to calls at our site if the network link fails?", "procedures-en.pdf", 7),
])
def test_site_questions_answer_from_procedures(loaded, question, document, page):
    answer = loaded.answer(question, caller=OP)
    assert answer.intent == "knowledge"
    first = answer.citations[0]
    assert first.confidence == "quoted" and first.document in (document, "training-deck.pptx")
    assert any(c.document == document and c.page == page for c in answer.citations), \
        [(c.document, c.page) for c in answer.citations]
    assert first.url.endswith(f"#page={first.page}")


def test_site_questions_route_to_site_practice(loaded):
    name, reason = loaded.explain("how do we handle corrective actions here?", caller=OP)
    assert name == "site_practice" and "procedures" in reason


def test_site_question_with_no_close_passage_falls_back_to_the_knowledge_base(loaded):
    answer = loaded.answer("how do we calculate average handle time here?", caller=OP)
    assert all(c.confidence != "quoted" for c in answer.citations)


@pytest.mark.parametrize("question", ["Which of our documents cover 2.3?", "¿qué documentos cubren el 2.3?"])
def test_which_documents_cover_an_item(loaded, question):
    assert loaded.explain(question, caller=OP)[0] == "document_coverage"
    answer = loaded.answer(question, caller=OP)
    docs = {(c.document, c.page) for c in answer.citations}
    assert ("procedures-en.pdf", 2) in docs and ("procedimientos-es.docx", 2) in docs and ("training-deck.pptx", 2) in docs
    assert "standard-csp51.pdf" not in {d for d, _ in docs}  # the standard is not evidence of itself


def test_coverage_report(loaded):
    rows = coverage(loaded.kb, loaded.documents, "CSP 5.1")
    by_item = {r.item: r for r in rows}
    assert len(rows) == 19
    assert {e.how for e in by_item["2.3"].evidence} == {"mentions"} or "mentions" in {e.how for e in by_item["2.3"].evidence}
    assert not by_item["1.1"].evidence  # no generated procedure is about the statement of direction
    data = json.loads(render(rows, "json"))
    assert set(data[0]) == {"item", "title", "release", "evidence"}
    entry = next(d for d in data if d["item"] == "2.3")
    assert set(entry["evidence"][0]) == {"document", "page", "section", "how"}
    assert "Items with no evidence" in render(rows, "table") and render(rows, "csv").startswith("item,title,document")
    assert render(rows, "md").startswith("| item |")


def test_related_links_come_from_similarity(loaded):
    related = [p for p in loaded.documents.passages().values() if p.related]
    # Calibrated threshold: some passages are related to items they do not name, none to many.
    assert all(len(p.related) <= 3 and not set(p.related) & set(p.mentions) for p in related)


@pytest.fixture(scope="module")
def audience_assistant(assistant, tmp_path_factory):
    folder = tmp_path_factory.mktemp("audience")
    managers = procedure_pdf(folder / "managers-only.pdf", TOPICS[6:7], "en")  # outages
    real = load_directory(assistant.settings)  # the shipped directory plus one person in a user group
    grouped = Person(user_id="U0AGT00099", name="G", role="agent", teams=["phoenix"], groups=["S0CONTINUITY"])
    directory = Directory(real.teams, {**real.people, grouped.user_id: grouped})
    a = make_assistant(assistant)
    a._directory = directory
    a.ingestor().run([Target(managers, kind="procedure", audience="manager")])
    group = procedure_pdf(folder / "group-only.pdf", TOPICS[9:10], "en")  # suppliers
    a.ingestor().run([Target(group, kind="procedure", audience="S0CONTINUITY")])
    return a


def _sees(a, question, user, shared=False):
    caller = Caller.slack_user(user)
    return [c.document for c in a.answer(question, caller=caller, shared=shared).citations if c.document]


def test_audience_rules(audience_assistant):
    q = "what happens to calls here if the network link fails?"
    assert "managers-only.pdf" in _sees(audience_assistant, q, "U0MGR00001")
    assert "managers-only.pdf" not in _sees(audience_assistant, q, "U0AGT00001")
    assert "managers-only.pdf" not in _sees(audience_assistant, q, "U0MGR00001", shared=True)
    assert "managers-only.pdf" not in _sees(audience_assistant, q, "U0UNKNOWN1")
    s = "how often do we review the telephony provider and the staffing agency here?"
    assert "group-only.pdf" in _sees(audience_assistant, s, "U0AGT00099")
    assert "group-only.pdf" not in _sees(audience_assistant, s, "U0AGT00001")
    assert "managers-only.pdf" in [c.document for c in audience_assistant.answer(q, caller=OP).citations]
