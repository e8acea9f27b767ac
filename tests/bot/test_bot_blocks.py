"""bot.blocks: every message respects Slack's limits and carries sources, cards and buttons."""

import json

from tests.fakes.slack import text_objects

from assistant.base.answers import Citation, KnowledgeAnswer, NoAnswer
from bot.blocks import (
    FEEDBACK_ACTION_DOWN,
    FEEDBACK_ACTION_UP,
    answer_message,
    apology_message,
    home_view,
)


def _citation(n, **kw):
    base = dict(n=n, id=f"csp51-2.{n}", item=f"2.{n}", release="CSP 5.1", title=f"Title {n}", language="en",
                source="fact sheet", confidence="confirmed")
    base.update(kw)
    return Citation(**base)


def assert_valid(message):
    assert 1 <= len(message.blocks) <= 50
    for obj in text_objects(message.blocks):
        assert len(obj["text"]) <= 3000
    assert message.text and len(message.text) <= 40000
    assert len(json.dumps(message.blocks, ensure_ascii=False)) < 13000


def test_knowledge_answer_has_text_sources_and_buttons():
    answer = KnowledgeAnswer(question="what is 2.3?", language="en",
                             text="Item **2.3** requires a documented process [1][2].",
                             citations=[_citation(1), _citation(2, confidence="inferred", item=None, release=None)])
    msg = answer_message(answer, answer_ref="ref-1")
    assert_valid(msg)
    kinds = [b["type"] for b in msg.blocks]
    assert kinds == ["section", "context", "actions"]
    assert msg.blocks[0]["text"]["text"] == "Item *2.3* requires a documented process [1][2]."
    sources = [e["text"] for e in msg.blocks[1]["elements"]]
    assert sources[0] == "*Sources*"
    assert sources[1] == "[1] *2.1* · CSP 5.1 · Title 1 — _confirmed_"
    assert sources[2] == "[2] Title 2 — _inferred_"
    buttons = msg.blocks[2]["elements"]
    assert [b["action_id"] for b in buttons] == [FEEDBACK_ACTION_UP, FEEDBACK_ACTION_DOWN]
    assert {b["value"] for b in buttons} == {"ref-1"}
    assert "Item 2.3 requires" in msg.text


def test_spanish_labels_and_confidence():
    answer = KnowledgeAnswer(question="¿2.3?", language="es", text="Respuesta [1].",
                             citations=[_citation(1, confidence="partly_confirmed")])
    msg = answer_message(answer, answer_ref="r")
    flat = json.dumps(msg.blocks, ensure_ascii=False)
    assert "*Fuentes*" in flat and "parcialmente confirmado" in flat and "Útil" in flat


def test_uncited_knowledge_answer_warns():
    answer = KnowledgeAnswer(question="q", language="en", text="Something.")
    msg = answer_message(answer, answer_ref=None)
    assert "No source is cited" in json.dumps(msg.blocks)
    assert all(b["type"] != "actions" for b in msg.blocks)


def test_no_answer_shows_nearest_topics():
    answer = NoAnswer(question="q", language="en", text="I could not find that.", reason="out_of_scope",
                      nearest=["Forecasting (item 2.3, CSP 5.1)", "Service level <SL>"])
    flat = json.dumps(answer_message(answer, answer_ref="r").blocks)
    assert "Closest topics" in flat and "Forecasting (item 2.3, CSP 5.1)" in flat and "Service level &lt;SL&gt;" in flat
    # Only a refusal offers nearest topics, and an uncited refusal is not flagged as unsourced.
    assert "No source is cited" not in flat


def test_6000_character_answer_is_split_and_valid():
    paragraph = "Forecast accuracy compares forecast and actual volume per interval [1]. " * 14
    text = "\n\n".join([paragraph.strip()] * 6)
    assert len(text) > 6000
    answer = KnowledgeAnswer(question="q", language="en", text=text, citations=[_citation(1)])
    msg = answer_message(answer, answer_ref="r")
    assert_valid(msg)
    sections = [b for b in msg.blocks if b["type"] == "section"]
    assert len(sections) >= 3
    # nothing lost: the sections together hold the whole answer
    assert " ".join(s["text"]["text"] for s in sections).split() == text.split()


def test_huge_answer_is_truncated_with_notice():
    answer = KnowledgeAnswer(question="q", language="en", text="word " * 20000, citations=[_citation(1)])
    msg = answer_message(answer, answer_ref="r")
    assert_valid(msg)
    assert "shortened to fit" in json.dumps(msg.blocks)
    assert msg.blocks[-1]["type"] == "actions"


def test_apology_has_reference_and_language():
    es = apology_message("es", "ab12cd34")
    assert "Referencia: `ab12cd34`" in es.blocks[0]["text"]["text"]
    assert "ab12cd34" in es.text
    assert "Reference" in apology_message(None, "x").text


def test_home_view_both_languages_user_first():
    view = home_view("es")
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert view["type"] == "home" and headers == ["Asistente COPC", "COPC Assistant"]
    assert len(view["blocks"]) <= 100
